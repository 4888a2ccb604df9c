import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { overlappingVersions, policyProblems, selectPolicyVersion, type PolicyTerms } from '../../domain/contributions/policy';
import { toDbDate } from '../../prisma/dates';
import { loadPolicyVersions, toPolicyVersion, type StoredPolicyVersion } from '../../prisma/policy-versions';
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
  const version = await deps.db.$transaction(async (tx) => {
    // One writer per city at a time, so two overlapping versions cannot both pass the check.
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', `policy:${request.cityCode}`);
    const existing = await loadPolicyVersions(tx, request.cityCode);
    const terms = completeTerms(request, existing);
    const problems = policyProblems(terms);
    if (problems.length > 0) {
      throw new ApiError(400, 'VALIDATION_FAILED', '政策条款有误', problems.map((problem) => ({ field: problem.field, code: 'INVALID_POLICY', message: problem.message })));
    }
    const conflicts = overlappingVersions(existing, terms);
    if (conflicts.length > 0) {
      throw new ApiError(
        409,
        'POLICY_VERSION_OVERLAP',
        '与已有政策版本的生效期重叠',
        conflicts.map((conflict) => ({
          field: 'effectiveFrom',
          code: 'OVERLAP',
          message: `与版本 ${conflict.id}(${conflict.effectiveFrom} 至 ${conflict.effectiveTo ?? '长期'})重叠`,
        })),
      );
    }
    const row = await tx.policyVersion.create({
      data: {
        id: `policy-${randomUUID()}`,
        cityCode: terms.cityCode,
        insuranceType: terms.insuranceType,
        industryClass: terms.industryClass,
        effectiveFrom: toDbDate(terms.effectiveFrom),
        effectiveTo: terms.effectiveTo ? toDbDate(terms.effectiveTo) : null,
        employerRatePercent: terms.employerRatePercent,
        employeeRatePercent: terms.employeeRatePercent,
        baseFloor: terms.baseFloor,
        baseCap: terms.baseCap,
        roundingScale: terms.roundingScale,
        roundingMode: terms.roundingMode,
        hireCutoffDay: terms.hireMonth.cutoffDay,
        hireOnOrBefore: terms.hireMonth.onOrBefore,
        hireAfter: terms.hireMonth.after,
        leaveCutoffDay: terms.leaveMonth.cutoffDay,
        leaveOnOrBefore: terms.leaveMonth.onOrBefore,
        leaveAfter: terms.leaveMonth.after,
        baseSwitchMonth: terms.baseSwitchMonth,
        source: request.source,
        note: request.note,
        illustrative: false,
        createdBy,
      },
    });
    return toPolicyVersion(row);
  });

  if (version.effectiveFrom.slice(0, 7) > deps.today().slice(0, 7)) return { version, adjustment: null };
  const workflowId = policyAdjustmentWorkflowId(version.id);
  try {
    await deps.temporal.workflow.start(policyAdjustmentWorkflow, { taskQueue: deps.taskQueue, workflowId, args: [{ policyVersionId: version.id }] });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { version, adjustment: { workflowId } };
}
