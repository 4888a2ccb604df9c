import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Classification, TransferOrigin, Warning } from '../domain/classification';
import { parseIdNumber } from '../domain/id-number';
import { shanghaiDate, shanghaiMonth } from '../domain/business-date';
import type { NationalRecord } from '../domain/national-record';
import type { Database } from '../prisma/client';
import { toDbDate } from '../prisma/dates';
import type { HrDecision } from '../workflows/onboarding/messages';
import { RemoteMalformedResponseError, RemoteRejectedError } from './adapters/errors';
import type { NationalRecordsClient } from './adapters/national-records-client';

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
      const facts = {
        name: onboarding.submittedName,
        gender: parsed.value.gender,
        birthDate: toDbDate(parsed.value.birthDate),
        workCityCode: onboarding.workCityCode,
        hireDate: onboarding.hireDate,
      };
      await db.$transaction([
        db.employee.upsert({
          where: { id: onboarding.employeeId },
          create: { id: onboarding.employeeId, idNumber: parsed.value.idNumber, ...facts },
          update: facts,
        }),
        db.onboardingCase.update({ where: { id: caseId }, data: { status: 'REGISTERED' } }),
        step(caseId, 'registered', 'REGISTERED', '员工已登记'),
      ]);
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
      await db.$transaction([
        db.nationalRecordSnapshot.upsert({
          where: { caseId_lookupKey: { caseId, lookupKey } },
          create: {
            id: randomUUID(),
            caseId,
            employeeId: onboarding.employeeId,
            lookupKey,
            records: records as unknown as object,
            recordCount: records.length,
          },
          update: { records: records as unknown as object, recordCount: records.length, fetchedAt: new Date() },
        }),
        db.onboardingCase.update({ where: { id: caseId }, data: { status: onboarding.status === 'REGISTERED' ? 'LOOKING_UP' : onboarding.status } }),
        step(caseId, lookupKey, 'LOOKUP', `查询全国参保记录:${records.length} 条`, { recordCount: records.length }),
      ]);
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
      const onboarding = await loadCase(caseId);
      const effectiveMonth = shanghaiMonth(onboarding.hireDate);
      const transferRequired = transferOrigins.length > 0;
      const writes = [
        db.enrollment.upsert({
          where: { caseId },
          create: {
            id: randomUUID(),
            caseId,
            employeeId: onboarding.employeeId,
            cityCode: onboarding.workCityCode,
            kind,
            insuranceTypes: [...ENROLLED_INSURANCE_TYPES],
            effectiveMonth,
            late,
          },
          update: {},
        }),
        db.onboardingCase.update({
          where: { id: caseId },
          data: {
            status: 'ENROLLED',
            classification,
            warnings: warnings as unknown as object,
            transferRequired,
            transferOrigins: transferOrigins as unknown as object,
            completedAt: new Date(),
          },
        }),
        db.employee.update({ where: { id: onboarding.employeeId }, data: { status: 'ACTIVE' } }),
        step(caseId, 'enrolled', 'ENROLLED', kind === 'NEW' ? '已办理新参保' : '已按续保办理参保', { kind, effectiveMonth, late }),
      ];
      if (transferRequired) {
        const cities = transferOrigins.map((origin) => origin.cityName).join('、');
        writes.push(step(caseId, 'transfer-required', 'TRANSFER_REQUIRED', `需从${cities}转入养老保险关系`, { transferOrigins }));
      }
      await db.$transaction(writes);
      return { effectiveMonth };
    },
  };
}
