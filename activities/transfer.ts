import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { shanghaiDate, shanghaiMonth } from '../domain/business-date';
import { parseIdNumber } from '../domain/id-number';
import type { NationalRecord } from '../domain/national-record';
import { findCity, poolingRegionOf, provinceOf } from '../domain/regions';
import { needsTemporaryAccount, type TransferStatus } from '../domain/transfer';
import { Prisma, type Database } from '../prisma/client';
import { fromDbDate } from '../prisma/dates';
import { RemoteMalformedResponseError, RemoteRejectedError } from './adapters/errors';
import type { EsignClient } from './adapters/esign-client';
import type { OriginAgencyClient } from './adapters/origin-agency-client';
import { renderTransferApplicationForm } from './forms/transfer-application-form';

export interface TransferActivityDeps {
  db: Database;
  agency: OriginAgencyClient;
  esign: EsignClient;
  /** Where the e-sign provider posts its webhook: our API's public base URL. */
  publicApiUrl: string;
  employerName: string;
}

const FORM_KIND = 'TRANSFER_APPLICATION';

/** Remote faults keep their meaning for Temporal's retry policy: 4xx never retries, the rest does. */
async function remoteCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RemoteRejectedError) throw ApplicationFailure.nonRetryable(error.message, 'RemoteRejected', { status: error.status });
    if (error instanceof RemoteMalformedResponseError) throw ApplicationFailure.retryable(error.message, 'RemoteMalformed');
    throw error;
  }
}

/** Answers 409 (already signed, already withdrawn) mean the goal is met. */
async function ignoreConflict(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (error instanceof RemoteRejectedError && error.status === 409) return;
    throw error;
  }
}

function monthsBetweenInclusive(from: string, to: string): number {
  const [fromYear, fromMonth] = from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
  return Math.max(0, (toYear - fromYear) * 12 + (toMonth - fromMonth) + 1);
}

export function createTransferActivities(deps: TransferActivityDeps) {
  const { db, agency, esign } = deps;

  async function loadTransfer(transferId: string) {
    const transfer = await db.pensionTransfer.findUnique({ where: { id: transferId }, include: { employee: true } });
    if (!transfer) throw ApplicationFailure.nonRetryable(`transfer ${transferId} not found`, 'TransferNotFound');
    return transfer;
  }

  /** The pension rows of the origin pooling region in the employee's latest national lookup. */
  async function originPensionRecords(employeeId: string, originCityCode: string): Promise<NationalRecord[]> {
    const snapshot = await db.nationalRecordSnapshot.findFirst({ where: { employeeId }, orderBy: { fetchedAt: 'desc' } });
    const records = (snapshot?.records ?? []) as unknown as NationalRecord[];
    return records.filter((record) => record.insuranceType === 'PENSION' && poolingRegionOf(record.cityCode) === originCityCode);
  }

  function step(transferId: string, key: string, type: string, message: string, detail: object = {}) {
    return db.transferStep.createMany({
      data: [{ id: randomUUID(), transferId, key, type, message, detail }],
      skipDuplicates: true,
    });
  }

  return {
    async openTransfer(input: {
      transferId: string;
      employeeId: string;
      originCityCode: string;
      destinationCityCode: string;
      onboardingCaseId?: string;
    }): Promise<{ monthsFromOrigin: number; flags: string[] }> {
      const employee = await db.employee.findUnique({ where: { id: input.employeeId } });
      if (!employee) throw ApplicationFailure.nonRetryable(`employee ${input.employeeId} not found`, 'EmployeeNotFound');
      const records = await originPensionRecords(input.employeeId, input.originCityCode);
      const monthsFromOrigin = records.reduce((sum, record) => sum + record.monthsPaid, 0);
      const today = shanghaiDate(new Date());
      const flags = needsTemporaryAccount({
        gender: employee.gender,
        birthDate: fromDbDate(employee.birthDate),
        transferDate: today,
        originProvince: provinceOf(input.originCityCode),
        destinationProvince: provinceOf(input.destinationCityCode),
      })
        ? ['TEMP_ACCOUNT']
        : [];
      await db.pensionTransfer.upsert({
        where: { id: input.transferId },
        create: {
          id: input.transferId,
          employeeId: input.employeeId,
          onboardingCaseId: input.onboardingCaseId,
          originCityCode: input.originCityCode,
          destinationCityCode: input.destinationCityCode,
          status: 'DRAFT',
          flags,
          monthsFromOrigin,
        },
        update: {},
      });
      await step(input.transferId, 'opened', 'DRAFT', `转移已建立:转出地 ${findCity(input.originCityCode)?.name ?? input.originCityCode},${monthsFromOrigin} 个月`);
      return { monthsFromOrigin, flags };
    },

    async generateApplicationForm({ transferId }: { transferId: string }): Promise<{ documentId: string; sha256: string }> {
      const transfer = await loadTransfer(transferId);
      const employee = transfer.employee;
      const records = await originPensionRecords(employee.id, transfer.originCityCode);
      const origin = findCity(transfer.originCityCode);
      const destination = findCity(transfer.destinationCityCode);
      const { pdf, sha256 } = await renderTransferApplicationForm({
        name: employee.name,
        idNumber: employee.idNumber,
        gender: employee.gender,
        birthDate: fromDbDate(employee.birthDate),
        employer: deps.employerName,
        origin: { cityCode: transfer.originCityCode, cityName: origin?.name ?? transfer.originCityCode, agencyName: origin?.agencyName ?? '' },
        destination: {
          cityCode: transfer.destinationCityCode,
          cityName: destination?.name ?? transfer.destinationCityCode,
          agencyName: destination?.agencyName ?? '',
        },
        periods: records.map((record) => ({
          cityName: record.cityName,
          insuranceType: record.insuranceType,
          firstMonth: record.firstMonth,
          lastMonth: record.lastMonth,
          monthsPaid: record.monthsPaid,
          employer: record.employer,
        })),
        totalMonths: transfer.monthsFromOrigin,
        applicationDate: shanghaiDate(transfer.createdAt),
        reference: transfer.id,
      });
      const document = await db.formDocument.upsert({
        where: { transferId_kind_sha256: { transferId, kind: FORM_KIND, sha256 } },
        create: { id: randomUUID(), transferId, kind: FORM_KIND, sha256, content: Buffer.from(pdf), byteSize: pdf.byteLength },
        update: {},
      });
      await db.pensionTransfer.update({ where: { id: transferId }, data: { formDocumentId: document.id, status: 'FORM_GENERATED' } });
      return { documentId: document.id, sha256 };
    },

    async requestSignature({ transferId, round }: { transferId: string; round: number }): Promise<{ signingRequestId: string; signingUrl: string }> {
      const transfer = await loadTransfer(transferId);
      const document = transfer.formDocumentId ? await db.formDocument.findUnique({ where: { id: transfer.formDocumentId } }) : null;
      if (!document) throw ApplicationFailure.nonRetryable('no application form to sign', 'FormMissing');
      const request = await remoteCall(() =>
        esign.createSigningRequest(
          {
            documentHash: document.sha256,
            documentTitle: '基本养老保险关系转移接续申请表',
            signer: { name: transfer.employee.name },
            callbackUrl: `${deps.publicApiUrl.replace(/\/$/, '')}/api/webhooks/esign`,
            externalRef: transferId,
          },
          `${transferId}:sign:${round}`,
        ),
      );
      await db.pensionTransfer.update({ where: { id: transferId }, data: { signingRequestId: request.requestId, signingRound: round } });
      return { signingRequestId: request.requestId, signingUrl: request.signingUrl };
    },

    async cancelSigningRequest({ signingRequestId }: { signingRequestId: string }): Promise<void> {
      await remoteCall(() => ignoreConflict(() => esign.cancel(signingRequestId)));
    },

    /** HR's corrections after a rejection: today the name, as the origin's records spell it. */
    async applyCorrections(input: { transferId: string; corrections: Record<string, string>; actor: string; note: string }): Promise<void> {
      const transfer = await loadTransfer(input.transferId);
      const name = input.corrections.name;
      await db.$transaction([
        ...(name ? [db.employee.update({ where: { id: transfer.employeeId }, data: { name } })] : []),
        step(input.transferId, `corrections-${transfer.submissionCount}`, 'CORRECTED', `HR 更正:${input.note}`, {
          fields: Object.keys(input.corrections),
          actor: input.actor,
        }),
      ]);
    },

    async submitToAgency(input: { transferId: string; submission: number }): Promise<{ agencyCaseId: string }> {
      const transfer = await loadTransfer(input.transferId);
      const document = transfer.formDocumentId ? await db.formDocument.findUnique({ where: { id: transfer.formDocumentId } }) : null;
      const onboarding = transfer.onboardingCaseId ? await db.onboardingCase.findUnique({ where: { id: transfer.onboardingCaseId } }) : null;
      if (!document) throw ApplicationFailure.nonRetryable('no signed application form to submit', 'FormMissing');
      const parsed = parseIdNumber(transfer.employee.idNumber, shanghaiDate(new Date()));
      if (!parsed.ok) throw ApplicationFailure.nonRetryable('stored ID number no longer validates', 'InvalidIdNumber');
      const submitted = await remoteCall(() =>
        agency.submit(
          {
            idNumber: parsed.value.idNumber,
            name: transfer.employee.name,
            originCityCode: transfer.originCityCode,
            destinationCityCode: transfer.destinationCityCode,
            destinationAgency: findCity(transfer.destinationCityCode)?.agencyName ?? transfer.destinationCityCode,
            contributionMonths: transfer.monthsFromOrigin,
            // The simulated origin computes funds from one reference base; a real origin knows its own.
            monthlyBase: onboarding?.monthlyGrossWage.toFixed(2) ?? '0.00',
            formHash: document.sha256,
          },
          `${input.transferId}:submit:${input.submission}`,
        ),
      );
      await db.pensionTransfer.update({
        where: { id: input.transferId },
        data: { agencyCaseId: submitted.caseId, submissionCount: input.submission, rejection: Prisma.DbNull },
      });
      return { agencyCaseId: submitted.caseId };
    },

    async checkAgencyCase({ agencyCaseId }: { agencyCaseId: string }) {
      const found = await remoteCall(() => agency.getCase(agencyCaseId));
      return {
        status: found.status,
        history: found.history.map((entry) => ({ status: entry.status as string, at: entry.at })),
        rejection: found.rejection ? { code: found.rejection.code, reason: found.rejection.reason } : undefined,
        funds: found.funds ? { individualAccount: found.funds.individualAccount, pooledFund: found.funds.pooledFund } : undefined,
        monthsTransferred: found.monthsTransferred,
        partial: Boolean(found.partial),
      };
    },

    async withdrawAtAgency({ agencyCaseId }: { agencyCaseId: string }): Promise<void> {
      await remoteCall(() => ignoreConflict(() => agency.withdraw(agencyCaseId)));
    },

    async recordTransferStatus(input: {
      transferId: string;
      status: TransferStatus;
      flags: string[];
      stepKey: string;
      message: string;
      detail: object;
    }): Promise<void> {
      const rejection = (input.detail as { rejection?: object }).rejection;
      await db.$transaction([
        db.pensionTransfer.update({
          where: { id: input.transferId },
          data: { status: input.status, flags: input.flags, ...(rejection ? { rejection } : {}) },
        }),
        step(input.transferId, input.stepKey, input.status, input.message, input.detail),
      ]);
    },

    async notify(input: { key: string; kind: string; title: string; message: string; entityType: string; entityId: string }): Promise<void> {
      await db.notification.createMany({ data: [{ id: randomUUID(), ...input }], skipDuplicates: true });
    },

    async completeTransfer(input: {
      transferId: string;
      monthsTransferred?: number;
      individualAccount?: string;
      pooledFund?: string;
      flags: string[];
    }): Promise<{ monthsTransferred: number; localMonths: number; totalMonths: number; individualAccount: string; pooledFund: string }> {
      const transfer = await loadTransfer(input.transferId);
      const monthsTransferred = input.monthsTransferred ?? transfer.monthsFromOrigin;
      const enrollment = await db.enrollment.findFirst({
        where: { employeeId: transfer.employeeId, cityCode: transfer.destinationCityCode },
        orderBy: { enrolledAt: 'desc' },
      });
      const localMonths = enrollment ? monthsBetweenInclusive(enrollment.effectiveMonth, shanghaiMonth(new Date())) : 0;
      const totalMonths = monthsTransferred + localMonths;
      const individualAccount = input.individualAccount ?? '0.00';
      const pooledFund = input.pooledFund ?? '0.00';
      const cityName = findCity(transfer.originCityCode)?.name ?? transfer.originCityCode;
      await db.$transaction([
        db.pensionTransfer.update({
          where: { id: input.transferId },
          data: {
            status: 'COMPLETED',
            flags: input.flags,
            monthsTransferred,
            localMonths,
            totalMonths,
            individualAccount: new Prisma.Decimal(individualAccount),
            pooledFund: new Prisma.Decimal(pooledFund),
            originMarkedTransferred: true,
            completedAt: transfer.completedAt ?? new Date(),
          },
        }),
        step(input.transferId, 'completed', 'COMPLETED', `转移完成:${cityName} ${monthsTransferred} 个月 + 本地 ${localMonths} 个月 = ${totalMonths} 个月`, {
          monthsTransferred,
          localMonths,
          totalMonths,
        }),
        db.notification.createMany({
          data: [
            {
              id: randomUUID(),
              key: `${input.transferId}:completed`,
              kind: 'TRANSFER_COMPLETED',
              title: '养老保险关系转移已完成',
              message: `${cityName}的 ${monthsTransferred} 个月缴费已转入,累计缴费 ${totalMonths} 个月`,
              entityType: 'PensionTransfer',
              entityId: input.transferId,
            },
          ],
          skipDuplicates: true,
        }),
      ]);
      return { monthsTransferred, localMonths, totalMonths, individualAccount, pooledFund };
    },
  };
}
