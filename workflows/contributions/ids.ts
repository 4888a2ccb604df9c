export function contributionRunId(companyId: string, month: string): string {
  return `${companyId}-${month}`;
}

export function contributionRunWorkflowId(companyId: string, month: string): string {
  return `contribution-run-${contributionRunId(companyId, month)}`;
}

export function policyAdjustmentWorkflowId(policyVersionId: string): string {
  return `policy-adjustment-${policyVersionId}`;
}
