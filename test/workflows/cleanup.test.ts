import { createOriginAgencyClient } from '../../activities/adapters/origin-agency-client';
import { monthEndCleanupWorkflow } from '../../workflows';
import { toDbDate } from '../../prisma/dates';
import { createCompany, createEmployee, enroll } from '../support/contributions';
import { uniqueIdNumber } from '../support/id-numbers';
import { waitFor } from '../support/onboarding';
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

async function leave(employeeId: string, date: string) {
  await stack.db.attendanceEvent.create({ data: { employeeId, kind: 'LEAVE', date: toDbDate(date), importId: 'test' } });
}

test('a cleanup run finds duplicates and bad numbers, stops departed employees from the right month, syncs transfers and flags stuck cases', async () => {
  const companyId = await createCompany(stack.db);
  const original = await createEmployee(stack.db, { companyId, hireDate: '2030-01-02' });
  // The same number typed with a space, a lower-case x or full-width digits: one person, two records.
  const typedDifferently = `${original.idNumber.slice(0, 6)} ${original.idNumber.slice(6, 17).replace(/[0-9]/, (d) => String.fromCharCode(0xff10 + Number(d)))}${original.idNumber[17] === 'X' ? 'x' : original.idNumber[17]}`;
  const copy = await stack.db.employee.create({
    data: { id: `emp-copy-${original.id}`, idNumber: typedDifferently, name: '重复员工', gender: 'MALE', birthDate: toDbDate('1990-01-01'), workCityCode: '430100', hireDate: toDbDate('2030-01-02'), companyId },
  });
  // The same name and birth date under two different numbers.
  const twinA = await createEmployee(stack.db, { companyId, hireDate: '2030-01-02' });
  const twinB = await createEmployee(stack.db, { companyId, hireDate: '2030-01-02' });
  const twinName = `同名${twinA.id.slice(-6)}`;
  await stack.db.employee.updateMany({ where: { id: { in: [twinA.id, twinB.id] } }, data: { name: twinName, birthDate: toDbDate('1985-05-05') } });
  // A real number with its check character changed: always wrong, whatever the right one was.
  const valid = uniqueIdNumber();
  const badNumber = await stack.db.employee.create({
    data: { id: `emp-bad-${original.id}`, idNumber: `${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`, name: '校验错误', gender: 'MALE', birthDate: toDbDate('1990-01-01'), workCityCode: '430100', hireDate: toDbDate('2030-01-02'), companyId },
  });

  // Left on the 10th (on or before 长沙's cut-off: no share of that month) and on the 20th.
  const earlyLeaver = await createEmployee(stack.db, { companyId, hireDate: '2029-06-01' });
  const lateLeaver = await createEmployee(stack.db, { companyId, hireDate: '2029-06-01' });
  const stayer = await createEmployee(stack.db, { companyId, hireDate: '2029-06-01' });
  const earlyEnrollment = await enroll(stack.db, earlyLeaver, { effectiveMonth: '2029-06' });
  const lateEnrollment = await enroll(stack.db, lateLeaver, { effectiveMonth: '2029-06' });
  const stayingEnrollment = await enroll(stack.db, stayer, { effectiveMonth: '2029-06' });
  await leave(earlyLeaver.id, '2030-01-10');
  await leave(lateLeaver.id, '2030-01-20');

  // A transfer the agency finished while our record still says SUBMITTED.
  const agency = createOriginAgencyClient({ baseUrl: stack.agency.url, timeoutMs: 2_000 });
  const transferPerson = await createEmployee(stack.db, { companyId, hireDate: '2029-06-01' });
  const submitted = await agency.submit(
    { idNumber: transferPerson.idNumber, name: '转移员工', originCityCode: '440100', destinationCityCode: '430100', destinationAgency: '长沙市社会保险服务中心', contributionMonths: 36, monthlyBase: '8000.00', formHash: 'a'.repeat(64) },
    `cleanup-test-${transferPerson.id}`,
  );
  const transferId = `pension-transfer-${transferPerson.id}-440100`;
  await stack.db.pensionTransfer.create({
    data: { id: transferId, employeeId: transferPerson.id, originCityCode: '440100', destinationCityCode: '430100', status: 'SUBMITTED', flags: [], monthsFromOrigin: 36, agencyCaseId: submitted.caseId },
  });
  await waitFor(async () => ((await agency.getCase(submitted.caseId)).status === 'COMPLETED' ? true : undefined), 20_000, 'agency completion');

  // An onboarding still waiting long after its deadline.
  const waiting = await createEmployee(stack.db, { companyId, hireDate: '2029-11-01' });
  const stuckCase = await enroll(stack.db, waiting, { effectiveMonth: '2029-11', caseStatus: 'AWAITING_ORIGIN_STOP', deadline: '2025-12-01' });

  const result = await stack.client.workflow.execute(monthEndCleanupWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: 'cleanup-test-2030-01',
    args: [{ month: '2030-01', batchSize: 2 }],
  });
  expect(result.month).toBe('2030-01');

  const findings = await stack.db.cleanupFinding.findMany({ where: { month: '2030-01' } });
  const ofKind = (kind: string) => findings.filter((finding) => finding.kind === kind);
  expect(ofKind('DUPLICATE_ID_NUMBER').map((f) => [...f.employeeIds].sort())).toContainEqual([copy.id, original.id].sort());
  expect(ofKind('SAME_PERSON_DIFFERENT_ID').map((f) => [...f.employeeIds].sort())).toContainEqual([twinA.id, twinB.id].sort());
  expect(ofKind('INVALID_ID_NUMBER').flatMap((f) => f.employeeIds)).toContain(badNumber.id);
  expect(ofKind('INVALID_ID_NUMBER').flatMap((f) => f.employeeIds)).not.toContain(original.id);

  const stopped = await stack.db.enrollment.findMany({ where: { id: { in: [earlyEnrollment, lateEnrollment, stayingEnrollment] } } });
  const stopOf = (id: string) => stopped.find((enrollment) => enrollment.id === id)?.stoppedFromMonth;
  expect(stopOf(earlyEnrollment)).toBe('2030-01');
  expect(stopOf(lateEnrollment)).toBe('2030-02');
  expect(stopOf(stayingEnrollment)).toBeNull();
  expect((await stack.db.employee.findUniqueOrThrow({ where: { id: earlyLeaver.id } })).status).toBe('LEFT');

  const transfer = await stack.db.pensionTransfer.findUniqueOrThrow({ where: { id: transferId } });
  expect(transfer.status).toBe('COMPLETED');
  expect(transfer.monthsTransferred).toBe(36);
  expect(ofKind('TRANSFER_SYNCED').map((f) => f.employeeIds[0])).toContain(transferPerson.id);
  expect(ofKind('STUCK_ONBOARDING').map((f) => (f.detail as { caseId: string }).caseId)).toContain(stuckCase);

  const report = await stack.db.cleanupRun.findUniqueOrThrow({ where: { month: '2030-01' } });
  expect(report.status).toBe('DONE');
  expect(result.counts.enrollmentsStopped).toBeGreaterThanOrEqual(2);
  expect(result.findings.DEPARTED_STILL_ENROLLED).toBe(ofKind('DEPARTED_STILL_ENROLLED').length);

  // Run again: nothing new is stopped or found twice.
  const stoppedAt = stopped.map((enrollment) => enrollment.stoppedAt?.toISOString());
  const again = await stack.client.workflow.execute(monthEndCleanupWorkflow, { taskQueue: stack.taskQueue, workflowId: 'cleanup-test-2030-01-again', args: [{ month: '2030-01' }] });
  expect(again.counts.enrollmentsStopped).toBe(0);
  expect(again.counts.duplicateIdNumbers).toBe(0);
  expect(await stack.db.cleanupFinding.count({ where: { month: '2030-01' } })).toBe(findings.length);
  const stoppedAgain = await stack.db.enrollment.findMany({ where: { id: { in: [earlyEnrollment, lateEnrollment, stayingEnrollment] } } });
  expect(stoppedAgain.map((enrollment) => enrollment.stoppedAt?.toISOString())).toEqual(stoppedAt);
});
