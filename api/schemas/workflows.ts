import { z } from 'zod';

const WORKFLOW_TYPES = [
  'employeeOnboardingWorkflow',
  'pensionTransferWorkflow',
  'contributionRunWorkflow',
  'policyAdjustmentWorkflow',
  'monthEndCleanupWorkflow',
  'policySyncWorkflow',
  'policyProposalWorkflow',
] as const;
const EXECUTION_STATUSES = ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut'] as const;

export const workflowListQuerySchema = z.object({
  type: z.enum(WORKFLOW_TYPES, { error: `流程类型应为 ${WORKFLOW_TYPES.join(' / ')} 之一` }).optional(),
  status: z.enum(EXECUTION_STATUSES, { error: `状态应为 ${EXECUTION_STATUSES.join(' / ')} 之一` }).optional(),
  employeeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '员工编号格式不正确').optional(),
});
