import type { Database } from '../../prisma/client';
import { notFound } from '../errors';

export async function loadTransferView(db: Database, id: string) {
  const transfer = await db.pensionTransfer.findUnique({
    where: { id },
    include: {
      steps: { orderBy: [{ at: 'asc' }, { key: 'asc' }] },
      documents: { select: { id: true, kind: true, sha256: true, byteSize: true, createdAt: true }, orderBy: { createdAt: 'desc' } },
    },
  });
  if (!transfer) throw notFound('养老保险关系转移');
  const signingStep = transfer.steps.filter((step) => step.type === 'AWAITING_SIGNATURE').at(-1);
  const signingUrl = (signingStep?.detail as { signingUrl?: string } | undefined)?.signingUrl;
  return {
    id: transfer.id,
    employeeId: transfer.employeeId,
    onboardingId: transfer.onboardingCaseId,
    originCity: transfer.originCityCode,
    destinationCity: transfer.destinationCityCode,
    status: transfer.status,
    flags: transfer.flags,
    signingRound: transfer.signingRound,
    signing: transfer.signingRequestId ? { requestId: transfer.signingRequestId, url: signingUrl ?? null } : null,
    agencyCaseId: transfer.agencyCaseId,
    submissions: transfer.submissionCount,
    rejection: transfer.rejection,
    contributionMonths: {
      fromOrigin: transfer.monthsFromOrigin,
      transferred: transfer.monthsTransferred,
      local: transfer.localMonths,
      total: transfer.totalMonths,
    },
    funds:
      transfer.individualAccount && transfer.pooledFund
        ? { individualAccount: transfer.individualAccount.toFixed(2), pooledFund: transfer.pooledFund.toFixed(2), currency: 'CNY' }
        : null,
    originMarkedTransferred: transfer.originMarkedTransferred,
    form: transfer.documents[0] ? { ...transfer.documents[0], url: `/api/transfers/${transfer.id}/form.pdf` } : null,
    timeline: transfer.steps.map((step) => ({ at: step.at, type: step.type, message: step.message })),
    createdAt: transfer.createdAt,
    completedAt: transfer.completedAt,
  };
}
