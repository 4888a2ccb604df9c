import { inspect } from 'node:util';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createOnboardingActivities } from '../../activities/onboarding';
import { RemoteUnavailableError } from '../../activities/adapters/errors';
import { createNationalRecordsClient } from '../../activities/adapters/national-records-client';
import type { TransferOrigin } from '../../domain/classification';
import { createDatabase, type Database } from '../../prisma/client';
import { toDbDate } from '../../prisma/dates';
import { createCaseRow } from '../support/case-rows';
import { pensionRecord } from '../support/onboarding';
import { testEnv } from '../support/env';
import { startSimulator, type Simulator } from '../support/stack';

const SECRET = 'activity-test-secret-for-employee-keys';

let db: Database;
let simulator: Simulator;
let activities: ReturnType<typeof createOnboardingActivities>;
let env: MockActivityEnvironment;

beforeAll(async () => {
  db = createDatabase(testEnv.databaseUrl);
  simulator = await startSimulator();
  activities = createOnboardingActivities({
    db,
    nationalRecords: createNationalRecordsClient({ baseUrl: simulator.url, timeoutMs: 2_000 }),
  });
  // Failures are what several tests expect; the default logger would print each one as a warning.
  env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
});

afterAll(async () => {
  await simulator?.close();
  await db?.$disconnect();
});

const asDate = toDbDate;
const createCase = (options: Parameters<typeof createCaseRow>[2] = {}) => createCaseRow(db, SECRET, { name: '活动测试', ...options });

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    const value = await promise;
    throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
  } catch (error) {
    return error as Error;
  }
}

function expectNoIdNumber(error: Error, idNumber: string): void {
  const printed = `${error.message}\n${inspect(error, { depth: 10 })}`.toUpperCase();
  expect(printed).not.toContain(idNumber);
  expect(printed).not.toContain(idNumber.slice(0, 17));
}

const WUHAN_ORIGIN: TransferOrigin = { cityCode: '420100', cityName: '武汉', monthsPaid: 40, firstMonth: '2021-01', lastMonth: '2024-04' };

describe('registerEmployee', () => {
  it('writes one employee and one registered step however often it runs', async () => {
    const onboarding = await createCase({ gender: 'FEMALE', birthDate: '1984-08-08' });
    await env.run(activities.registerEmployee, { caseId: onboarding.caseId });
    await env.run(activities.registerEmployee, { caseId: onboarding.caseId });

    const employees = await db.employee.findMany({ where: { id: onboarding.employeeId } });
    expect(employees).toHaveLength(1);
    expect(employees[0]).toMatchObject({
      idNumber: onboarding.idNumber,
      name: '活动测试',
      gender: 'FEMALE',
      birthDate: asDate('1984-08-08'),
      workCityCode: '430100',
      hireDate: asDate(onboarding.hireDate),
      status: 'ONBOARDING',
    });
    expect(await db.employee.count({ where: { idNumber: onboarding.idNumber } })).toBe(1);
    const steps = await db.onboardingStep.findMany({ where: { caseId: onboarding.caseId } });
    expect(steps.map((step) => [step.key, step.type])).toEqual([['registered', 'REGISTERED']]);
    expect((await db.onboardingCase.findUniqueOrThrow({ where: { id: onboarding.caseId } })).status).toBe('REGISTERED');
  });

  it('fails without retry for a case that does not exist', async () => {
    const error = await failureOf(env.run(activities.registerEmployee, { caseId: 'onb_missing' }));
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).type).toBe('OnboardingCaseNotFound');
  });
});

describe('lookUpNationalRecords', () => {
  it('returns the platform records and keeps one snapshot per lookup key', async () => {
    const onboarding = await createCase();
    await env.run(activities.registerEmployee, { caseId: onboarding.caseId });
    const records = [pensionRecord({}), pensionRecord({ insuranceType: 'MEDICAL', employer: '广州另一家公司' })];
    simulator.state.records.set(onboarding.idNumber, records);

    const first = await env.run(activities.lookUpNationalRecords, { caseId: onboarding.caseId, lookupKey: 'lookup-1' });
    expect(first).toEqual(records);
    const again = await env.run(activities.lookUpNationalRecords, { caseId: onboarding.caseId, lookupKey: 'lookup-1' });
    expect(again).toEqual(records);

    const snapshots = await db.nationalRecordSnapshot.findMany({ where: { caseId: onboarding.caseId } });
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]).toMatchObject({ lookupKey: 'lookup-1', employeeId: onboarding.employeeId, recordCount: 2, records });
    expect(await db.onboardingStep.count({ where: { caseId: onboarding.caseId, key: 'lookup-1' } })).toBe(1);
    expect((await db.onboardingCase.findUniqueOrThrow({ where: { id: onboarding.caseId } })).status).toBe('LOOKING_UP');
    expect(simulator.state.lookups.get(onboarding.idNumber)).toBe(2);

    await env.run(activities.lookUpNationalRecords, { caseId: onboarding.caseId, lookupKey: 'lookup-2' });
    expect(await db.nationalRecordSnapshot.count({ where: { caseId: onboarding.caseId } })).toBe(2);
  });

  it('returns [] and stores an empty snapshot for a person never insured', async () => {
    const onboarding = await createCase();
    await env.run(activities.registerEmployee, { caseId: onboarding.caseId });
    simulator.state.records.set(onboarding.idNumber, []);
    expect(await env.run(activities.lookUpNationalRecords, { caseId: onboarding.caseId, lookupKey: 'lookup-1' })).toEqual([]);
    const snapshot = await db.nationalRecordSnapshot.findUniqueOrThrow({
      where: { caseId_lookupKey: { caseId: onboarding.caseId, lookupKey: 'lookup-1' } },
    });
    expect(snapshot.recordCount).toBe(0);
  });

  it('throws a retryable error on a 503 and writes no snapshot', async () => {
    const onboarding = await createCase();
    await env.run(activities.registerEmployee, { caseId: onboarding.caseId });
    simulator.state.records.set(onboarding.idNumber, [pensionRecord({})]);
    simulator.state.faultsByIdNumber.set(onboarding.idNumber, { latencyMs: 0, errorRate: 1, timeoutRate: 0, malformedRate: 0 });

    const error = await failureOf(env.run(activities.lookUpNationalRecords, { caseId: onboarding.caseId, lookupKey: 'lookup-1' }));
    expect(error).toBeInstanceOf(RemoteUnavailableError);
    expect((error as RemoteUnavailableError).status).toBe(503);
    // Temporal retries anything that is not an ApplicationFailure marked nonRetryable.
    if (error instanceof ApplicationFailure) expect(error.nonRetryable).toBe(false);
    expectNoIdNumber(error, onboarding.idNumber);

    expect(simulator.state.lookups.get(onboarding.idNumber)).toBe(1);
    expect(await db.nationalRecordSnapshot.count({ where: { caseId: onboarding.caseId } })).toBe(0);
    expect(await db.onboardingStep.count({ where: { caseId: onboarding.caseId, type: 'LOOKUP' } })).toBe(0);
    expect((await db.onboardingCase.findUniqueOrThrow({ where: { id: onboarding.caseId } })).status).toBe('REGISTERED');
  });

  it('throws a retryable NationalRecordsMalformed failure on a broken answer and writes nothing', async () => {
    const onboarding = await createCase();
    await env.run(activities.registerEmployee, { caseId: onboarding.caseId });
    simulator.state.records.set(onboarding.idNumber, [pensionRecord({})]);
    simulator.state.faultsByIdNumber.set(onboarding.idNumber, { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 1 });

    // The simulator breaks the body in one of several ways, chosen at random: try a few.
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const error = await failureOf(env.run(activities.lookUpNationalRecords, { caseId: onboarding.caseId, lookupKey: 'lookup-1' }));
      expect(error).toBeInstanceOf(ApplicationFailure);
      const failure = error as ApplicationFailure;
      expect(failure.type).toBe('NationalRecordsMalformed');
      expect(failure.nonRetryable).toBe(false);
      expectNoIdNumber(failure, onboarding.idNumber);
    }

    expect(await db.nationalRecordSnapshot.count({ where: { caseId: onboarding.caseId } })).toBe(0);
    expect(await db.onboardingStep.count({ where: { caseId: onboarding.caseId, type: 'LOOKUP' } })).toBe(0);
    expect((await db.onboardingCase.findUniqueOrThrow({ where: { id: onboarding.caseId } })).status).toBe('REGISTERED');
  });
});

describe('enroll', () => {
  it('enrolls once however often it runs, with no transfer step when nothing is to be transferred', async () => {
    const onboarding = await createCase();
    await env.run(activities.registerEmployee, { caseId: onboarding.caseId });
    const input = { caseId: onboarding.caseId, kind: 'NEW' as const, late: false, classification: 'NEW' as const, warnings: [], transferOrigins: [] };

    const first = await env.run(activities.enroll, input);
    const second = await env.run(activities.enroll, input);
    expect(first).toEqual({ effectiveMonth: onboarding.hireDate.slice(0, 7) });
    expect(second).toEqual(first);

    const enrollments = await db.enrollment.findMany({ where: { caseId: onboarding.caseId } });
    expect(enrollments).toHaveLength(1);
    expect(enrollments[0]).toMatchObject({
      employeeId: onboarding.employeeId,
      cityCode: '430100',
      kind: 'NEW',
      insuranceTypes: ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY'],
      effectiveMonth: onboarding.hireDate.slice(0, 7),
      late: false,
    });
    const saved = await db.onboardingCase.findUniqueOrThrow({ where: { id: onboarding.caseId } });
    expect(saved).toMatchObject({ status: 'ENROLLED', classification: 'NEW', transferRequired: false, transferOrigins: [] });
    expect(saved.completedAt).toBeInstanceOf(Date);
    expect((await db.employee.findUniqueOrThrow({ where: { id: onboarding.employeeId } })).status).toBe('ACTIVE');
    const steps = await db.onboardingStep.findMany({ where: { caseId: onboarding.caseId }, orderBy: { key: 'asc' } });
    expect(steps.map((step) => step.key)).toEqual(['enrolled', 'registered']);
  });

  it('records one transfer-required step when there are transfer origins', async () => {
    const onboarding = await createCase();
    await env.run(activities.registerEmployee, { caseId: onboarding.caseId });
    const input = {
      caseId: onboarding.caseId,
      kind: 'CONTINUING' as const,
      late: true,
      classification: 'TRANSFER_NEEDED' as const,
      warnings: [],
      transferOrigins: [WUHAN_ORIGIN],
    };

    await env.run(activities.enroll, input);
    await env.run(activities.enroll, input);

    expect(await db.enrollment.count({ where: { caseId: onboarding.caseId } })).toBe(1);
    const enrollment = await db.enrollment.findUniqueOrThrow({ where: { caseId: onboarding.caseId } });
    expect(enrollment).toMatchObject({ kind: 'CONTINUING', late: true });
    const saved = await db.onboardingCase.findUniqueOrThrow({ where: { id: onboarding.caseId } });
    expect(saved).toMatchObject({ status: 'ENROLLED', classification: 'TRANSFER_NEEDED', transferRequired: true, transferOrigins: [WUHAN_ORIGIN] });
    expect((await db.employee.findUniqueOrThrow({ where: { id: onboarding.employeeId } })).status).toBe('ACTIVE');
    const transferSteps = await db.onboardingStep.findMany({ where: { caseId: onboarding.caseId, key: 'transfer-required' } });
    expect(transferSteps).toHaveLength(1);
    expect(transferSteps[0]).toMatchObject({ type: 'TRANSFER_REQUIRED', message: '需从武汉转入养老保险关系' });
    expect(await db.onboardingStep.count({ where: { caseId: onboarding.caseId, key: 'enrolled' } })).toBe(1);
  });
});

describe('recordClassification', () => {
  // Activities may run again after their writes committed (worker crash, lost completion). The
  // module promises that a retry "rewrites nothing and duplicates nothing".
  it('writes one warning step when retried with the same input', async () => {
    const onboarding = await createCase();
    await env.run(activities.registerEmployee, { caseId: onboarding.caseId });
    const input = {
      caseId: onboarding.caseId,
      status: 'AWAITING_ORIGIN_STOP' as const,
      stepKey: 'warning-1',
      classification: 'ACTIVE_ELSEWHERE' as const,
      warnings: [{ code: 'ACTIVE_ELSEWHERE' as const, message: '该员工在武汉仍有在缴养老保险,请先办理转移手续', cityCode: '420100' }],
      transferOrigins: [],
    };

    await env.run(activities.recordClassification, input);
    await env.run(activities.recordClassification, input);

    const saved = await db.onboardingCase.findUniqueOrThrow({ where: { id: onboarding.caseId } });
    expect(saved).toMatchObject({ status: 'AWAITING_ORIGIN_STOP', classification: 'ACTIVE_ELSEWHERE', warnings: input.warnings });
    const warningSteps = await db.onboardingStep.findMany({ where: { caseId: onboarding.caseId, type: 'WARNING' } });
    expect(warningSteps.map((step) => [step.key, step.message])).toEqual([['warning-1', input.warnings[0]!.message]]);
  });
});
