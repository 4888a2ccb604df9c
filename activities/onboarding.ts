import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Classification, TransferOrigin, Warning } from '../domain/classification';
import { parseIdNumber } from '../domain/id-number';
import { shanghaiDate } from '../domain/business-date';
import type { NationalRecord } from '../domain/national-record';
import type { Database } from '../prisma/client';
import { fromDbDate } from '../prisma/dates';
import type { HrDecision } from '../workflows/onboarding/messages';
import { RemoteMalformedResponseError, RemoteRejectedError } from './adapters/errors';
import type { NationalRecordsClient } from './adapters/national-records-client';
import { enrollStatement, registerEmployeeStatement, saveLookupStatement, type StepRow } from './onboarding-statements';

export interface OnboardingActivityDeps {
  db: Database;
  nationalRecords: NationalRecordsClient;
}

interface ClassificationFacts {
  classification: Classification;
  warnings: Warning[];
  transferOrigins: TransferOrigin[];
}

export const ENROLLED_INSURANCE_TYPES = ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY'] as const;

/**
 * Every activity is idempotent: rows are keyed by the case and a step key, so a retry after a
 * worker crash rewrites nothing and duplicates nothing.
 */
export function createOnboardingActivities({ db, nationalRecords }: OnboardingActivityDeps) {
  async function loadCase(caseId: string) {
    const found = await db.onboardingCase.findUnique({ where: { id: caseId } });
    if (!found) throw ApplicationFailure.nonRetryable(`onboarding case ${caseId} not found`, 'OnboardingCaseNotFound');
    return found;
  }

  function step(caseId: string, key: string, type: string, message: string, detail: object = {}) {
    return db.onboardingStep.upsert({
      where: { caseId_key: { caseId, key } },
      create: { id: randomUUID(), caseId, key, type, message, detail },
      update: {},
    });
  }

  return {
    async registerEmployee({ caseId }: { caseId: string }): Promise<void> {
      const onboarding = await loadCase(caseId);
      const parsed = parseIdNumber(onboarding.submittedIdNumber, shanghaiDate(new Date()));
      if (!parsed.ok) {
        throw ApplicationFailure.nonRetryable('submitted ID number no longer validates', 'InvalidIdNumber');
      }
      await db.$executeRaw(
        registerEmployeeStatement(
          caseId,
          {
            id: onboarding.employeeId,
            idNumber: parsed.value.idNumber,
            name: onboarding.submittedName,
            gender: parsed.value.gender,
            birthDate: parsed.value.birthDate,
            workCityCode: onboarding.workCityCode,
            hireDate: fromDbDate(onboarding.hireDate),
          },
          { key: 'registered', type: 'REGISTERED', message: '员工已登记' },
        ),
      );
    },

    async lookUpNationalRecords({ caseId, lookupKey }: { caseId: string; lookupKey: string }): Promise<NationalRecord[]> {
      const onboarding = await loadCase(caseId);
      let records: NationalRecord[];
      try {
        records = await nationalRecords.lookup(onboarding.submittedIdNumber);
      } catch (error) {
        if (error instanceof RemoteRejectedError) {
          throw ApplicationFailure.nonRetryable(error.message, 'NationalRecordsRejected');
        }
        if (error instanceof RemoteMalformedResponseError) {
          // Retried: a broken answer is a fault of the platform, never "no history".
          throw ApplicationFailure.retryable(error.message, 'NationalRecordsMalformed');
        }
        throw error;
      }
      await db.$executeRaw(
        saveLookupStatement(caseId, onboarding.employeeId, lookupKey, records, {
          key: lookupKey,
          type: 'LOOKUP',
          message: `查询全国参保记录:${records.length} 条`,
          detail: { recordCount: records.length },
        }),
      );
      return records;
    },

    async recordClassification(input: { caseId: string; status: 'AWAITING_ORIGIN_STOP'; stepKey: string } & ClassificationFacts): Promise<void> {
      const { caseId, status, stepKey, classification, warnings, transferOrigins } = input;
      await db.$transaction([
        db.onboardingCase.update({
          where: { id: caseId },
          data: { status, classification, warnings: warnings as unknown as object, transferOrigins: transferOrigins as unknown as object },
        }),
        step(caseId, stepKey, 'WARNING', warnings.map((warning) => warning.message).join(';'), { warnings }),
      ]);
    },

    async recordDecision({ caseId, decisionNumber, decision }: { caseId: string; decisionNumber: number; decision: HrDecision }): Promise<void> {
      await step(caseId, `decision-${decisionNumber}`, 'HR_DECISION', `HR 决定:${decision.kind}(${decision.note})`, {
        kind: decision.kind,
        note: decision.note,
        decidedBy: decision.decidedBy,
      });
    },

    async flagDeadlineMissed({ caseId }: { caseId: string }): Promise<void> {
      const onboarding = await loadCase(caseId);
      await db.$transaction([
        db.onboardingCase.update({ where: { id: caseId }, data: { deadlineMissed: true } }),
        step(caseId, 'deadline-missed', 'DEADLINE_MISSED', `已超过参保期限(入职后30日内,截止 ${shanghaiDate(onboarding.enrollmentDeadline)})`),
      ]);
    },

    async cancelOnboarding({ caseId, reason }: { caseId: string; reason: string }): Promise<void> {
      await db.$transaction([
        db.onboardingCase.update({ where: { id: caseId }, data: { status: 'CANCELLED', completedAt: new Date() } }),
        step(caseId, 'cancelled', 'CANCELLED', `入职参保已取消:${reason}`),
      ]);
    },

    async enroll(input: { caseId: string; kind: 'NEW' | 'CONTINUING'; late: boolean } & ClassificationFacts): Promise<{ effectiveMonth: string }> {
      const { caseId, kind, late, classification, warnings, transferOrigins } = input;
      const steps: StepRow[] = [
        { key: 'enrolled', type: 'ENROLLED', message: kind === 'NEW' ? '已办理新参保' : '已按续保办理参保', detail: { kind, late } },
      ];
      if (transferOrigins.length > 0) {
        const cities = transferOrigins.map((origin) => origin.cityName).join('、');
        steps.push({ key: 'transfer-required', type: 'TRANSFER_REQUIRED', message: `需从${cities}转入养老保险关系`, detail: { transferOrigins } });
      }
      const rows = await db.$queryRaw<{ effectiveMonth: string }[]>(
        enrollStatement(caseId, { kind, late, classification, warnings, transferOrigins, insuranceTypes: ENROLLED_INSURANCE_TYPES }, steps),
      );
      const effectiveMonth = rows[0]?.effectiveMonth;
      if (!effectiveMonth) throw ApplicationFailure.nonRetryable(`onboarding case ${caseId} not found`, 'OnboardingCaseNotFound');
      return { effectiveMonth };
    },
  };
}
