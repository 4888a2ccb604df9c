import { startCounted } from '../workflow-starts';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { poolingRegionOf } from '../../domain/regions';
import { pensionTransferWorkflow } from '../../workflows';
import { CITY, EMPLOYEE_ID, TRANSFER_STATUS } from '../../workflows/search-attributes';
import { pensionTransferWorkflowId } from '../../workflows/transfer/ids';
import type { AppDeps } from '../deps';
import { ApiError } from '../errors';

/**
 * Starts the transfer of an employee's pension from one origin city. The workflow ID is the
 * business key, so asking twice reaches the same execution.
 */
export async function startTransfer(deps: AppDeps, request: { employeeId: string; originCity: string }) {
  const employee = await deps.db.employee.findUnique({ where: { id: request.employeeId } });
  if (!employee) throw new ApiError(404, 'EMPLOYEE_NOT_FOUND', '员工不存在');
  const origin = poolingRegionOf(request.originCity);
  const destination = poolingRegionOf(employee.workCityCode);
  if (origin === destination) {
    throw new ApiError(400, 'VALIDATION_FAILED', '请求参数有误', [
      { field: 'originCity', code: 'SAME_REGION', message: '转出地与参保地属同一统筹地区,无需转移' },
    ]);
  }
  const enrolled = await deps.db.enrollment.findFirst({ where: { employeeId: employee.id, cityCode: employee.workCityCode } });
  if (!enrolled) throw new ApiError(409, 'NOT_ENROLLED', '员工尚未在参保地参保缴费,不能申请转入');

  const workflowId = pensionTransferWorkflowId(employee.id, origin);
  try {
    await startCounted(deps, 'pensionTransferWorkflow', () => deps.temporal.workflow.start(pensionTransferWorkflow, {
      workflowId,
      taskQueue: deps.transferTaskQueue ?? deps.taskQueue,
      args: [{ transferId: workflowId, employeeId: employee.id, originCityCode: origin, destinationCityCode: destination, timings: deps.transferTimings }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: EMPLOYEE_ID, value: employee.id },
        { key: CITY, value: origin },
        { key: TRANSFER_STATUS, value: 'DRAFT' },
      ],
    }));
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  const saved = await deps.db.pensionTransfer.findUnique({ where: { id: workflowId } });
  return { id: workflowId, workflowId, status: saved?.status ?? 'DRAFT' };
}
