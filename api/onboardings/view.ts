import type { Database } from '../../prisma/client';
import { fromDbDate } from '../../prisma/dates';
import { pensionTransferWorkflowId } from '../../workflows/transfer/ids';
import { notFound } from '../errors';

export async function loadOnboardingView(db: Database, id: string) {
  const onboarding = await db.onboardingCase.findUnique({
    where: { id },
    include: {
      steps: { orderBy: [{ at: 'asc' }, { key: 'asc' }] },
      enrollment: true,
      snapshots: { orderBy: { fetchedAt: 'desc' }, take: 1 },
    },
  });
  if (!onboarding) throw notFound('入职参保申请');
  const latest = onboarding.snapshots[0];
  return {
    id: onboarding.id,
    workflowId: onboarding.workflowId,
    employeeId: onboarding.employeeId,
    status: onboarding.status,
    classification: onboarding.classification,
    hireDate: fromDbDate(onboarding.hireDate),
    workCity: onboarding.workCityCode,
    enrollmentDeadline: fromDbDate(onboarding.enrollmentDeadline),
    deadlineMissed: onboarding.deadlineMissed,
    warnings: onboarding.warnings,
    transferRequired: onboarding.transferRequired,
    transferOrigins: onboarding.transferOrigins,
    transfers: (onboarding.transferOrigins as { cityCode: string }[]).map((origin) => pensionTransferWorkflowId(onboarding.employeeId, origin.cityCode)),
    priorRecords: latest ? latest.records : [],
    priorRecordsFetchedAt: latest?.fetchedAt ?? null,
    enrollment: onboarding.enrollment
      ? {
          kind: onboarding.enrollment.kind,
          cityCode: onboarding.enrollment.cityCode,
          insuranceTypes: onboarding.enrollment.insuranceTypes,
          effectiveMonth: onboarding.enrollment.effectiveMonth,
          late: onboarding.enrollment.late,
          enrolledAt: onboarding.enrollment.enrolledAt,
        }
      : null,
    timeline: onboarding.steps.map((step) => ({ at: step.at, type: step.type, message: step.message })),
    createdAt: onboarding.createdAt,
    completedAt: onboarding.completedAt,
  };
}
