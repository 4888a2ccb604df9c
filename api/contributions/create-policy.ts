import { startCounted } from '../workflow-starts';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { selectPolicyVersion, type PolicyTerms } from '../../domain/contributions/policy';
import { insertPolicyVersion, PolicyRejectedError } from '../../prisma/policy-store';
import { loadPolicyVersions, type StoredPolicyVersion } from '../../prisma/policy-versions';
import { policyAdjustmentWorkflowId } from '../../workflows/contributions/ids';
import { policyAdjustmentWorkflow } from '../../workflows';
import type { AppDeps } from '../deps';
import { ApiError } from '../errors';
import type { CreatePolicyRequest } from '../schemas/policy';

type TermField = Exclude<keyof PolicyTerms, 'cityCode' | 'insuranceType' | 'industryClass' | 'effectiveFrom' | 'effectiveTo'>;
const TERM_FIELDS: TermField[] = [
  'employerRatePercent', 'employeeRatePercent', 'baseFloor', 'baseCap', 'roundingScale', 'roundingMode', 'hireMonth', 'leaveMonth', 'baseSwitchMonth',
];

export interface CreatedPolicy {
  version: StoredPolicyVersion;
  /** Started when the version reaches back to months that may already have been run. */
  adjustment: { workflowId: string } | null;
}

/** Terms left out come from the version in force on the new start date. */
function completeTerms(request: CreatePolicyRequest, existing: StoredPolicyVersion[]): PolicyTerms {
  const key = { cityCode: request.cityCode, insuranceType: request.insuranceType, industryClass: request.industryClass ?? null };
  const missing = TERM_FIELDS.filter((field) => request[field] === undefined);
  const inherited = missing.length > 0 ? selectPolicyVersion(existing, key, request.effectiveFrom) : undefined;
  if (missing.length > 0 && !inherited) {
    throw new ApiError(
      400,
      'VALIDATION_FAILED',
      '该城市和险种在生效日期没有可沿用的政策,请填写全部条款',
      missing.map((field) => ({ field, code: 'REQUIRED', message: '缺少此项' })),
    );
  }
  const terms = { ...key, effectiveFrom: request.effectiveFrom, effectiveTo: request.effectiveTo ?? null } as PolicyTerms;
  for (const field of TERM_FIELDS) (terms as unknown as Record<string, unknown>)[field] = request[field] ?? inherited![field];
  return terms;
}

export async function createPolicyVersion(deps: AppDeps, request: CreatePolicyRequest, createdBy: string): Promise<CreatedPolicy> {
  let version: StoredPolicyVersion;
  try {
    const terms = completeTerms(request, await loadPolicyVersions(deps.db, request.cityCode));
    version = await insertPolicyVersion(deps.db, { terms, source: request.source, note: request.note, createdBy });
  } catch (error) {
    if (!(error instanceof PolicyRejectedError)) throw error;
    const details = error.problems.map((problem) => ({ field: problem.field, code: error.reason === 'OVERLAP' ? 'OVERLAP' : 'INVALID_POLICY', message: problem.message }));
    if (error.reason === 'OVERLAP') throw new ApiError(409, 'POLICY_VERSION_OVERLAP', error.message, details);
    throw new ApiError(400, 'VALIDATION_FAILED', error.message, details);
  }

  if (version.effectiveFrom.slice(0, 7) > deps.today().slice(0, 7)) return { version, adjustment: null };
  const workflowId = policyAdjustmentWorkflowId(version.id);
  try {
    await startCounted(deps, 'policyAdjustmentWorkflow', () => deps.temporal.workflow.start(policyAdjustmentWorkflow, { taskQueue: deps.taskQueue, workflowId, args: [{ policyVersionId: version.id }] }));
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { version, adjustment: { workflowId } };
}
