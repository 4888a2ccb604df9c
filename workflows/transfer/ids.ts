/** One transfer per employee and origin pooling region: a repeated start reaches the same execution. */
export function pensionTransferWorkflowId(employeeId: string, originCityCode: string): string {
  return `pension-transfer-${employeeId}-${originCityCode}`;
}
