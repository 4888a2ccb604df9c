import { startCounted } from '../workflow-starts';
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Prisma } from '../../prisma/client';
import { toDbDate } from '../../prisma/dates';
import { CITY, EMPLOYEE_ID, ONBOARDING_STATUS } from '../../workflows/search-attributes';
import { employeeOnboardingWorkflow } from '../../workflows';
import { enrollmentDeadlineDate } from '../../workflows/onboarding/deadline';
import type { AppDeps } from '../deps';
import { employeeKey } from '../employee-key';
import { ApiError } from '../errors';
import type { OnboardingRequest } from '../schemas/onboarding';

export function onboardingWorkflowId(employeeId: string, hireDate: string): string {
  return `onboarding-${employeeId}-${hireDate.replaceAll('-', '')}`;
}

async function findOrCreateCase(deps: AppDeps, request: OnboardingRequest, employeeId: string) {
  const hireDate = toDbDate(request.hireDate);
  const workflowId = onboardingWorkflowId(employeeId, request.hireDate);
  // Insert first: a new hire, the common case, costs one statement; a repeat meets the unique key.
  try {
    return await deps.db.onboardingCase.create({
      data: {
        id: `onb_${randomUUID()}`,
        workflowId,
        employeeId,
        submittedName: request.name,
        submittedIdNumber: request.idNumber.idNumber,
        hireDate,
        workCityCode: request.workCity,
        monthlyGrossWage: new Prisma.Decimal(request.monthlyGrossWage),
        enrollmentDeadline: toDbDate(enrollmentDeadlineDate(request.hireDate)),
      },
    });
  } catch (error) {
    // Submitted before, or by a concurrent identical request: answer with that case.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const existing = await deps.db.onboardingCase.findUnique({ where: { employeeId_hireDate: { employeeId, hireDate } } });
      if (existing) return existing;
    }
    throw error;
  }
}

function sameSubmission(existing: { submittedName: string; workCityCode: string; monthlyGrossWage: Prisma.Decimal }, request: OnboardingRequest) {
  return (
    existing.submittedName === request.name &&
    existing.workCityCode === request.workCity &&
    existing.monthlyGrossWage.equals(new Prisma.Decimal(request.monthlyGrossWage))
  );
}

/**
 * Records the submission and starts its workflow. Both steps are idempotent, so a client that
 * retries after a timeout, or a second click, reaches the same case and the same execution.
 */
export async function submitOnboarding(deps: AppDeps, request: OnboardingRequest) {
  const employeeId = employeeKey(request.idNumber.idNumber, deps.employeeKeySecret);
  const onboarding = await findOrCreateCase(deps, request, employeeId);
  if (!sameSubmission(onboarding, request)) {
    throw new ApiError(409, 'ONBOARDING_CONFLICT', '该员工同一入职日期已有参保申请,且内容不同;如需更正请联系管理员', [
      { code: 'ONBOARDING_EXISTS', message: `已有申请:${onboarding.id}` },
    ]);
  }
  try {
    await startCounted(deps, 'employeeOnboardingWorkflow', () => deps.temporal.workflow.start(employeeOnboardingWorkflow, {
      workflowId: onboarding.workflowId,
      taskQueue: deps.taskQueue,
      args: [
        {
          caseId: onboarding.id,
          employeeId,
          workCityCode: request.workCity,
          hireDate: request.hireDate,
          originRecheckInterval: deps.originRecheckInterval,
          transferTimings: deps.transferTimings,
          transferTaskQueue: deps.transferTaskQueue,
        },
      ],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: EMPLOYEE_ID, value: employeeId },
        { key: CITY, value: request.workCity },
        { key: ONBOARDING_STATUS, value: onboarding.status },
      ],
    }));
  } catch (error) {
    // Closed already (a repeat long after the first): the case is the answer.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return onboarding;
}
