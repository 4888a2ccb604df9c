import request from 'supertest';
import Decimal from 'decimal.js';
import { createApp } from '../../api/app';
import { contributionRunId } from '../../workflows/contributions/ids';
import { createCompany, createEmployee, csv, type TestEmployee } from '../support/contributions';
import { bearer, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let app: ReturnType<typeof createApp>;
/** Requests as an HR manager, who may do every social insurance operation. */
let hr: () => ReturnType<typeof request.agent>;
let managerAuth: string;
const loggedErrors: unknown[] = [];
const TODAY = '2026-11-26';

beforeAll(async () => {
  stack = await startStack();
  app = createApp(stack.appDeps({ today: () => TODAY, logError: (error) => loggedErrors.push(error) }));
  managerAuth = await bearer('hr_manager');
  hr = () => request.agent(app).set('authorization', managerAuth);
});

afterEach(() => {
  expect(loggedErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await stack?.close();
});

const PAYROLL_HEADER = '月份,身份证号码,应发工资,实发工资';

async function runMonth(companyId: string, month: string) {
  const started = await hr().post('/api/contribution-runs').send({ companyId, month });
  expect(started.status).toBe(202);
  await stack.client.workflow.getHandle(started.body.workflowId as string).result();
  return stack.db.contributionRun.findUniqueOrThrow({ where: { id: contributionRunId(companyId, month) } });
}

async function linesOf(companyId: string, month: string, employee: TestEmployee) {
  const response = await hr().get('/api/contributions').query({ companyId, month, employeeId: employee.id });
  expect(response.status).toBe(200);
  return response.body as {
    lines: { insuranceType: string; kind: string; base: string; employerAmount: string; employeeAmount: string }[];
    base?: { method: string; rawBase: string; referenceYear: number; payrollMonths: number; share: string; payrollEntryIds: string[] };
  };
}

function line(body: Awaited<ReturnType<typeof linesOf>>, insuranceType: string, kind = 'REGULAR') {
  return body.lines.find((candidate) => candidate.insuranceType === insuranceType && candidate.kind === kind);
}

describe('a month in 长沙 from imported payroll and attendance', () => {
  let companyId: string;
  let steady: TestEmployee;
  let highEarner: TestEmployee;
  let lateHire: TestEmployee;
  let leaver: TestEmployee;

  beforeAll(async () => {
    companyId = await createCompany(stack.db, { industryClass: 2 });
    [steady, highEarner, lateHire, leaver] = await Promise.all([
      createEmployee(stack.db, { companyId, hireDate: '2022-03-01' }),
      createEmployee(stack.db, { companyId, hireDate: '2022-03-01' }),
      createEmployee(stack.db, { companyId, hireDate: '2024-05-20' }),
      createEmployee(stack.db, { companyId, hireDate: '2022-03-01' }),
    ]);
    const rows: string[] = [];
    for (let month = 1; month <= 12; month += 1) {
      const m = `2023-${String(month).padStart(2, '0')}`;
      // 2023 average for `steady`: (9000×6 + 11000×6) / 12 = 10000, while net pay is far lower.
      rows.push(`${m},${steady.idNumber},${month <= 6 ? '9000.00' : '11000.00'},${month <= 6 ? '7000.00' : '8500.00'}`);
      rows.push(`${m},${highEarner.idNumber},50000,38000`);
      rows.push(`${m},${leaver.idNumber},8000,6500`);
    }
    rows.push(`2024-05,${steady.idNumber},12000,9000`, `2024-05,${lateHire.idNumber},7000.50,6000`, `2024-05,${leaver.idNumber},8000,6500`);
    const payroll = await hr().post('/api/payroll').set('content-type', 'text/csv').send(csv(PAYROLL_HEADER, rows));
    expect(payroll.status).toBe(201);
    expect(payroll.body).toMatchObject({ kind: 'PAYROLL', format: 'CSV', rows: rows.length });

    const attendance = await hr()
      .post('/api/attendance')
      .set('content-type', 'text/csv')
      .send(csv('身份证号码,类型,日期', [`${lateHire.idNumber},入职,2024-05-20`, `${leaver.idNumber},离职,2024-04-10`]));
    expect(attendance.status).toBe(201);
  });

  test('the source example: 2023 average gross 10000 → base 10000, pension 1600/800, medical 800/200', async () => {
    const run = await runMonth(companyId, '2024-05');
    expect(run.status).toBe('DRAFT');
    const body = await linesOf(companyId, '2024-05', steady);
    expect(body.base).toMatchObject({ method: 'PREVIOUS_YEAR_AVERAGE', rawBase: '10000.00', referenceYear: 2023, payrollMonths: 12, share: 'FULL' });
    expect(body.base!.payrollEntryIds).toHaveLength(12);
    expect(line(body, 'PENSION')).toMatchObject({ base: '10000.00', employerAmount: '1600.00', employeeAmount: '800.00' });
    expect(line(body, 'MEDICAL')).toMatchObject({ employerAmount: '800.00', employeeAmount: '200.00' });
    // Industry class 2 → 0.4 % employer, nothing for the employee.
    expect(line(body, 'WORK_INJURY')).toMatchObject({ employerAmount: '40.00', employeeAmount: '0.00' });
    expect(body.lines.map((l) => l.insuranceType).sort()).toEqual(['HOUSING_FUND', 'MEDICAL', 'PENSION', 'UNEMPLOYMENT', 'WORK_INJURY']);
  });

  test('a base above the cap is clamped to 18021', async () => {
    const body = await linesOf(companyId, '2024-05', highEarner);
    expect(body.base?.rawBase).toBe('50000.00');
    expect(line(body, 'PENSION')).toMatchObject({ base: '18021.00', employerAmount: '2883.36', employeeAmount: '1441.68' });
  });

  test('hired after the 15th: the first month gross is the base and the month counts half', async () => {
    const body = await linesOf(companyId, '2024-05', lateHire);
    expect(body.base).toMatchObject({ method: 'FIRST_MONTH', rawBase: '7000.50', share: 'HALF' });
    // 7000.50 × 16 % × 0.5 = 560.04
    expect(line(body, 'PENSION')).toMatchObject({ base: '7000.50', employerAmount: '560.04', employeeAmount: '280.02' });
  });

  test('an employee who left in April has no May lines', async () => {
    const body = await linesOf(companyId, '2024-05', leaver);
    expect(body.lines).toEqual([]);
    const april = await runMonth(companyId, '2024-04');
    expect(april.status).toBe('DRAFT');
    // Left on the 10th, on or before the cut-off: nothing for April either.
    expect((await linesOf(companyId, '2024-04', leaver)).lines).toEqual([]);
    expect(line(await linesOf(companyId, '2024-04', steady), 'PENSION')?.employerAmount).toBe('1600.00');
  });

  test('the summary equals the sum of the lines', async () => {
    const summary = await hr().get('/api/contributions/summary').query({ companyId, month: '2024-05' });
    expect(summary.status).toBe(200);
    const all = await hr().get('/api/contributions').query({ companyId, month: '2024-05', limit: 1000 });
    const lines = all.body.lines as { insuranceType: string; employerAmount: string; employeeAmount: string }[];
    const employer = lines.reduce((sum, l) => sum.plus(l.employerAmount), new Decimal(0));
    const employee = lines.reduce((sum, l) => sum.plus(l.employeeAmount), new Decimal(0));
    expect(summary.body.employer).toBe(employer.toFixed(2));
    expect(summary.body.employee).toBe(employee.toFixed(2));
    expect(summary.body.lines).toBe(lines.length);
    const pension = lines.filter((l) => l.insuranceType === 'PENSION').reduce((sum, l) => sum.plus(l.employerAmount), new Decimal(0));
    expect(summary.body.byType.PENSION.employer).toBe(pension.toFixed(2));
    expect(summary.body.run.status).toBe('DRAFT');
  });

  test('re-running a draft month replaces its lines, and a finalized month is locked', async () => {
    const before = await stack.db.contributionLine.count({ where: { runId: contributionRunId(companyId, '2024-05') } });
    const rerun = await runMonth(companyId, '2024-05');
    expect(rerun.attempt).toBe(2);
    expect(await stack.db.contributionLine.count({ where: { runId: rerun.id } })).toBe(before);

    const finalized = await hr().post(`/api/contribution-runs/${rerun.id}/finalize`).send({ finalizedBy: '财务 李会计' });
    expect(finalized.status).toBe(200);
    expect(finalized.body.status).toBe('FINALIZED');
    const again = await hr().post('/api/contribution-runs').send({ companyId, month: '2024-05' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONTRIBUTION_MONTH_FINALIZED');
    const lateFile = await hr().post('/api/payroll').send({ rows: [{ month: '2024-05', employeeId: steady.id, grossPay: '1', netPay: '1' }] });
    expect(lateFile.status).toBe(400);
    expect(lateFile.body.error.details).toEqual([expect.objectContaining({ line: 1, code: 'MONTH_FINALIZED' })]);
  });
});

describe('a retroactive policy version', () => {
  test('finalized months get 退费 lines, draft months are re-run, and nothing finalized is rewritten', async () => {
    // 武汉 with an explicit range, so no other test's months are touched.
    const companyId = await createCompany(stack.db);
    const employee = await createEmployee(stack.db, { companyId, workCityCode: '420100', hireDate: '2023-01-01' });
    const rows = ['2024-06', '2025-02', '2025-03'].map((m) => ({ month: m, employeeId: employee.id, grossPay: '10000', netPay: '8000' }));
    expect((await hr().post('/api/payroll').send({ rows })).status).toBe(201);
    const february = await runMonth(companyId, '2025-02');
    expect((await hr().post(`/api/contribution-runs/${february.id}/finalize`).send({ finalizedBy: '财务' })).status).toBe(200);
    const march = await runMonth(companyId, '2025-03');
    expect(march.status).toBe('DRAFT');
    const finalizedLines = await stack.db.contributionLine.findMany({ where: { runId: february.id }, orderBy: { id: 'asc' } });

    const created = await hr().post('/api/policies').send({
      cityCode: '420100',
      insuranceType: 'PENSION',
      effectiveFrom: '2025-02-01',
      effectiveTo: '2025-04-30',
      employerRatePercent: '15',
      source: '测试:单位养老保险费率下调',
    });
    expect(created.status).toBe(201);
    expect(created.body.version).toMatchObject({ employerRatePercent: '15', employeeRatePercent: '8', baseFloor: '4077.00' });
    const workflowId = created.body.adjustment.workflowId as string;
    const result = await stack.client.workflow.getHandle(workflowId).result();
    expect(result).toMatchObject({ finalizedMonths: ['2025-02'], draftMonthsRerun: ['2025-03'], lineCount: 1 });

    const february2 = await linesOf(companyId, '2025-02', employee);
    expect(line(february2, 'PENSION')).toMatchObject({ employerAmount: '1600.00' });
    expect(line(february2, 'PENSION', 'REFUND')).toMatchObject({ employerAmount: '100.00', employeeAmount: '0.00' });
    const unchanged = await stack.db.contributionLine.findMany({ where: { runId: february.id, kind: 'REGULAR' }, orderBy: { id: 'asc' } });
    expect(unchanged).toEqual(finalizedLines);
    // The draft month was simply computed again under the new rate.
    expect(line(await linesOf(companyId, '2025-03', employee), 'PENSION')).toMatchObject({ employerAmount: '1500.00' });
    const summary = await hr().get('/api/contributions/summary').query({ companyId, month: '2025-02' });
    expect(summary.body.byType.PENSION.employer).toBe('1500.00');
  });
});

describe('bad input is refused whole, with every bad line, and writes nothing', () => {
  test('a payroll CSV with bad rows', async () => {
    const companyId = await createCompany(stack.db);
    const employee = await createEmployee(stack.db, { companyId, hireDate: '2024-01-01' });
    const before = await stack.db.payrollEntry.count();
    const imports = await stack.db.feedImport.count();
    const body = csv(PAYROLL_HEADER, [
      `2024-01,${employee.idNumber},10000,8000`,
      `2024-13,${employee.idNumber},10000,8000`,
      `2024-02,${employee.idNumber},8000,9000`,
      `2024-03,110101199001011230,10000,8000`,
      `2024-04,${employee.idNumber},abc,`,
      `2024-01,${employee.idNumber},10000,8000`,
      `2027-01,${employee.idNumber},10000,8000`,
    ]);
    const response = await hr().post('/api/payroll').set('content-type', 'text/csv').send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('FEED_ROWS_INVALID');
    const byLine = (line: number) => response.body.error.details.filter((d: { line: number }) => d.line === line).map((d: { code: string }) => d.code);
    expect(byLine(2)).toEqual([]);
    expect(byLine(3)).toEqual(['INVALID_MONTH']);
    expect(byLine(4)).toEqual(['NET_ABOVE_GROSS']);
    expect(byLine(5)).toHaveLength(1); // a bad check digit or an unknown person: either way the line is named
    expect(byLine(6).length).toBe(2); // gross not a number, net missing
    expect(byLine(7)).toEqual(['DUPLICATE_ROW']);
    expect(byLine(8)).toEqual(['FUTURE_MONTH']);
    for (const detail of response.body.error.details) expect(detail.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await stack.db.payrollEntry.count()).toBe(before);
    expect(await stack.db.feedImport.count()).toBe(imports);
  });

  test('an attendance JSON batch with an unknown employee and a bad kind', async () => {
    const before = await stack.db.attendanceEvent.count();
    const response = await hr()
      .post('/api/attendance')
      .send({ rows: [{ employeeId: 'emp-nobody', kind: 'HIRE', date: '2024-01-01' }, { employeeId: 'emp-x', kind: '请假', date: '2024-02-30' }, 'not a row'] });
    expect(response.status).toBe(400);
    const lines = new Set(response.body.error.details.map((d: { line: number }) => d.line));
    expect([...lines].sort()).toEqual([1, 2, 3]);
    expect(await stack.db.attendanceEvent.count()).toBe(before);
  });

  test('a malformed CSV and an empty body', async () => {
    const malformed = await hr().post('/api/payroll').set('content-type', 'text/csv').send('月份,身份证号码\n"2024-01,x\n');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('FEED_MALFORMED');
    const empty = await hr().post('/api/payroll').send({});
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('FEED_MALFORMED');
  });

  test('policies: out-of-range rates, floor above cap and an overlapping start', async () => {
    const versions = await stack.db.policyVersion.count();
    const bad = await hr().post('/api/policies').send({
      cityCode: '440300',
      insuranceType: 'MEDICAL',
      effectiveFrom: '2031-01-01',
      employerRatePercent: '120',
      employeeRatePercent: '2',
      baseFloor: '9000',
      baseCap: '8000',
      source: '测试',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['baseCap', 'employerRatePercent']);
    const overlap = await hr().post('/api/policies').send({ cityCode: '440300', insuranceType: 'PENSION', effectiveFrom: '2024-01-01', employerRatePercent: '14', source: '测试' });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.code).toBe('POLICY_VERSION_OVERLAP');
    const unknownCity = await hr().post('/api/policies').send({ cityCode: '999999', insuranceType: 'PENSION', effectiveFrom: 'tomorrow' });
    expect(unknownCity.status).toBe(400);
    expect(unknownCity.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['cityCode', 'effectiveFrom', 'source']);
    expect(await stack.db.policyVersion.count()).toBe(versions);
  });

  test('runs: a future month, an unknown company, and finalizing a month never run', async () => {
    expect((await hr().post('/api/contribution-runs').send({ month: '2027-01' })).status).toBe(400);
    expect((await hr().post('/api/contribution-runs').send({ month: '2024-01', companyId: 'no-such-company' })).status).toBe(404);
    expect((await hr().post('/api/contribution-runs/nothing-2024-01/finalize').send({ finalizedBy: '财务' })).status).toBe(404);
  });
});

test('GET /api/policies/:city lists the seeded versions, marked illustrative', async () => {
  const response = await hr().get('/api/policies/430100');
  expect(response.status).toBe(200);
  const pension = response.body.versions.find((v: { insuranceType: string; effectiveFrom: string }) => v.insuranceType === 'PENSION' && v.effectiveFrom === '2024-01-01');
  expect(pension).toMatchObject({ employerRatePercent: '16', employeeRatePercent: '8', baseFloor: '3604.00', baseCap: '18021.00', illustrative: true });
  expect((await hr().get('/api/policies/999999')).status).toBe(404);
});
