import request from 'supertest';
import type { Response } from 'supertest';
import { createApp } from '../../api/app';
import { employeeKey } from '../../api/employee-key';
import { onboardingWorkflowId } from '../../api/onboardings/submit';
import { addDays, shanghaiDate } from '../../domain/business-date';
import { computeCheckChar } from '../../domain/id-number';
import { createDatabase, type Database } from '../../prisma/client';
import { appDeps, pensionRecord, TEST_EMPLOYEE_KEY_SECRET, waitFor } from '../support/onboarding';
import { uniqueIdNumber } from '../support/id-numbers';
import { bearer, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let app: ReturnType<typeof createApp>;
/** Requests as an HR manager, who may do every social insurance operation. */
let hr: () => ReturnType<typeof request.agent>;
let managerAuth: string;
const extraDatabases: Database[] = [];

beforeAll(async () => {
  stack = await startStack();
  app = createApp(appDeps(stack));
  managerAuth = await bearer('hr_manager');
  hr = () => request.agent(app).set('authorization', managerAuth);
});

afterAll(async () => {
  await Promise.all(extraDatabases.map((db) => db.$disconnect()));
  await stack?.close();
});

const CHINESE = /[\u4e00-\u9fff]/;
const WUHAN_ACTIVE_WARNING = '该员工在武汉仍有在缴养老保险,请先办理转移手续';

function today(): string {
  return shanghaiDate(new Date());
}

function validBody(idNumber: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '张 三',
    idNumber,
    hireDate: addDays(today(), -3),
    workCity: '430100',
    monthlyGrossWage: '12345.67',
    ...overrides,
  };
}

/** Same first 17 digits, any check character other than the right one. */
function withWrongCheckChar(first17: string): string {
  return first17 + (computeCheckChar(first17) === '0' ? '1' : '0');
}

function toFullWidthDigits(s: string): string {
  return s.replace(/[0-9]/g, (digit) => String.fromCharCode(0xff10 + Number(digit)));
}

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; code: string; message: string }[] };
}

function errorOf(res: Response): ErrorBody['error'] {
  expect(res.headers['content-type']).toMatch(/application\/json/);
  return (res.body as ErrorBody).error;
}

function detailsFor(res: Response, field: string) {
  return errorOf(res).details.filter((detail) => detail.field === field);
}

async function viewOf(id: string) {
  const res = await hr().get(`/api/onboardings/${id}`);
  expect(res.status).toBe(200);
  return res.body as Record<string, unknown> & { status: string };
}

async function waitForStatus(id: string, status: string, timeoutMs = 30_000) {
  return waitFor(
    async () => {
      const view = await viewOf(id);
      return view.status === status ? view : undefined;
    },
    timeoutMs,
    `onboarding ${id} to reach ${status}`,
  );
}

async function workflowRunIds(workflowId: string): Promise<string[]> {
  const runIds: string[] = [];
  for await (const execution of stack.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
    runIds.push(execution.runId);
  }
  return runIds;
}

/** Rows that a request carrying these markers could possibly have written. */
async function rowsTouching(markers: { idNumbers: string[]; workCity?: string }) {
  const employeeIds = markers.idNumbers.map((idNumber) => employeeKey(idNumber, TEST_EMPLOYEE_KEY_SECRET));
  const [cases, employees] = await Promise.all([
    stack.db.onboardingCase.count({
      where: {
        OR: [
          { submittedIdNumber: { in: markers.idNumbers } },
          { employeeId: { in: employeeIds } },
          ...(markers.workCity ? [{ workCityCode: markers.workCity }] : []),
        ],
      },
    }),
    stack.db.employee.count({
      where: {
        OR: [
          { idNumber: { in: markers.idNumbers } },
          { id: { in: employeeIds } },
          ...(markers.workCity ? [{ workCityCode: markers.workCity }] : []),
        ],
      },
    }),
  ]);
  return { cases, employees };
}

describe('POST /api/onboardings and reading it back', () => {
  it('accepts a hire with 202, enrolls it, and shows the case and the employee', async () => {
    const idNumber = uniqueIdNumber({ gender: 'FEMALE', birthDate: '1987-03-09', region: '430104' });
    const prior = pensionRecord({ cityCode: '430102', cityName: '长沙', status: 'SUSPENDED', employer: '长沙某某公司' });
    stack.simulator.state.records.set(idNumber, [prior]);
    const body = validBody(idNumber, { name: '李四' });

    const posted = await hr().post('/api/onboardings').send(body);
    expect(posted.status).toBe(202);
    const employeeId = employeeKey(idNumber, TEST_EMPLOYEE_KEY_SECRET);
    expect(posted.body).toEqual({
      id: expect.stringMatching(/^onb_/),
      workflowId: onboardingWorkflowId(employeeId, body.hireDate as string),
      status: 'RECEIVED',
    });
    // The workflow ID is a pseudonym: the ID number itself must not leak into Temporal.
    expect(posted.body.workflowId).not.toContain(idNumber);
    expect(posted.body.workflowId).not.toContain(idNumber.slice(0, 17));

    const view = await waitForStatus(posted.body.id, 'ENROLLED');
    expect(view).toMatchObject({
      id: posted.body.id,
      workflowId: posted.body.workflowId,
      employeeId,
      status: 'ENROLLED',
      classification: 'CONTINUING',
      hireDate: body.hireDate,
      workCity: '430100',
      enrollmentDeadline: addDays(body.hireDate as string, 30),
      deadlineMissed: false,
      warnings: [],
      transferRequired: false,
      transferOrigins: [],
      priorRecords: [prior],
      enrollment: {
        kind: 'CONTINUING',
        cityCode: '430100',
        insuranceTypes: ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY'],
        effectiveMonth: (body.hireDate as string).slice(0, 7),
        late: false,
      },
    });
    expect(view.completedAt).toEqual(expect.any(String));
    const timeline = view.timeline as { at: string; type: string; message: string }[];
    expect(timeline.map((entry) => entry.type)).toEqual(['REGISTERED', 'LOOKUP', 'ENROLLED']);
    expect(timeline.map((entry) => entry.message)).toEqual(['员工已登记', '查询全国参保记录:1 条', '已按续保办理参保']);
    const times = timeline.map((entry) => Date.parse(entry.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const employee = await hr().get(`/api/employees/${employeeId}`);
    expect(employee.status).toBe(200);
    expect(employee.body).toMatchObject({
      id: employeeId,
      name: '李四',
      idNumber,
      gender: 'FEMALE',
      birthDate: '1987-03-09',
      workCity: '430100',
      hireDate: body.hireDate,
      status: 'ACTIVE',
      onboardings: [{ id: posted.body.id, status: 'ENROLLED', classification: 'CONTINUING', hireDate: body.hireDate, workCityCode: '430100' }],
    });
    expect(employee.body.enrollments).toEqual([
      expect.objectContaining({ kind: 'CONTINUING', cityCode: '430100', effectiveMonth: (body.hireDate as string).slice(0, 7), late: false }),
    ]);
  });

  it('answers the same body with the same case, one row and one workflow execution', async () => {
    const idNumber = uniqueIdNumber({ gender: 'MALE', birthDate: '1985-11-30', region: '430104' });
    stack.simulator.state.records.set(idNumber, []);
    const body = validBody(idNumber);
    const employeeId = employeeKey(idNumber, TEST_EMPLOYEE_KEY_SECRET);

    const first = await hr().post('/api/onboardings').send(body);
    const second = await hr().post('/api/onboardings').send(body);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.workflowId).toBe(first.body.workflowId);
    const firstRunId = (await stack.client.workflow.getHandle(first.body.workflowId).describe()).runId;

    await waitForStatus(first.body.id, 'ENROLLED');
    await stack.client.workflow.getHandle(first.body.workflowId).result();
    // Again after the workflow has closed: still the same case, and no new run.
    const third = await hr().post('/api/onboardings').send(body);
    expect(third.status).toBe(202);
    expect(third.body).toEqual({ id: first.body.id, workflowId: first.body.workflowId, status: 'ENROLLED' });

    expect(await stack.db.onboardingCase.count({ where: { employeeId } })).toBe(1);
    expect(await stack.db.enrollment.count({ where: { employeeId } })).toBe(1);
    expect((await stack.client.workflow.getHandle(first.body.workflowId).describe()).runId).toBe(firstRunId);
    const runIds = await waitFor(
      async () => {
        const found = await workflowRunIds(first.body.workflowId);
        return found.length > 0 ? found : undefined;
      },
      20_000,
      'the workflow to be visible',
    );
    expect(runIds).toEqual([firstRunId]);
  });

  it('answers concurrent identical submissions with one case and one execution', async () => {
    const idNumber = uniqueIdNumber({ gender: 'FEMALE', birthDate: '1994-10-10', region: '430104' });
    stack.simulator.state.records.set(idNumber, []);
    const body = validBody(idNumber);
    const employeeId = employeeKey(idNumber, TEST_EMPLOYEE_KEY_SECRET);

    const answers = await Promise.all(Array.from({ length: 6 }, () => hr().post('/api/onboardings').send(body)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(202));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await stack.db.onboardingCase.count({ where: { employeeId } })).toBe(1);

    await waitForStatus(answers[0]!.body.id, 'ENROLLED');
    expect(await stack.db.enrollment.count({ where: { employeeId } })).toBe(1);
    const runIds = await waitFor(async () => {
      const found = await workflowRunIds(answers[0]!.body.workflowId);
      return found.length > 0 ? found : undefined;
    });
    expect(runIds).toHaveLength(1);
  });

  it('refuses the same person and hire date with a different wage with 409 and writes nothing', async () => {
    const idNumber = uniqueIdNumber({ gender: 'MALE', birthDate: '1992-07-01', region: '430104' });
    stack.simulator.state.records.set(idNumber, []);
    const body = validBody(idNumber, { monthlyGrossWage: '8000.00' });
    const employeeId = employeeKey(idNumber, TEST_EMPLOYEE_KEY_SECRET);

    const first = await hr().post('/api/onboardings').send(body);
    expect(first.status).toBe(202);
    const conflicting = await hr().post('/api/onboardings').send({ ...body, monthlyGrossWage: '9000.00' });
    expect(conflicting.status).toBe(409);
    const error = errorOf(conflicting);
    expect(error.code).toBe('ONBOARDING_CONFLICT');
    expect(error.message).toMatch(CHINESE);

    await waitForStatus(first.body.id, 'ENROLLED');
    const cases = await stack.db.onboardingCase.findMany({ where: { employeeId } });
    expect(cases).toHaveLength(1);
    expect(cases[0]!.id).toBe(first.body.id);
    expect(cases[0]!.monthlyGrossWage.toFixed(2)).toBe('8000.00');
    expect(await stack.db.enrollment.count({ where: { employeeId } })).toBe(1);
    expect(await stack.db.employee.count({ where: { id: employeeId } })).toBe(1);
    const runIds = await waitFor(async () => {
      const found = await workflowRunIds(first.body.workflowId);
      return found.length > 0 ? found : undefined;
    });
    expect(runIds).toHaveLength(1);
  });

  it('accepts a lower-case x and full-width digits and stores the upper-case ASCII form', async () => {
    let ascii: string | undefined;
    for (let attempt = 0; attempt < 1_000 && !ascii; attempt += 1) {
      const candidate = uniqueIdNumber({ gender: 'FEMALE', birthDate: '1991-12-24', region: '430104' });
      if (candidate.endsWith('X')) ascii = candidate;
    }
    if (!ascii) throw new Error('could not generate an ID number ending in X');
    stack.simulator.state.records.set(ascii, []);
    const typed = `${toFullWidthDigits(ascii.slice(0, 17))}x`;
    expect(typed).not.toBe(ascii);
    const body = validBody(typed);

    const posted = await hr().post('/api/onboardings').send(body);
    expect(posted.status).toBe(202);
    const employeeId = employeeKey(ascii, TEST_EMPLOYEE_KEY_SECRET);
    const view = await waitForStatus(posted.body.id, 'ENROLLED');
    expect(view.employeeId).toBe(employeeId);
    expect(view.classification).toBe('NEW');

    const employee = await hr().get(`/api/employees/${employeeId}`);
    expect(employee.status).toBe(200);
    expect(employee.body).toMatchObject({ idNumber: ascii, gender: 'FEMALE', birthDate: '1991-12-24' });
    const saved = await stack.db.onboardingCase.findUniqueOrThrow({ where: { id: posted.body.id } });
    expect(saved.submittedIdNumber).toBe(ascii);
    // The looked-up number is the normalized one.
    expect(stack.simulator.state.lookups.get(ascii)).toBeGreaterThanOrEqual(1);

    // The same person typed in ASCII is the same submission.
    const asciiAgain = await hr().post('/api/onboardings').send(validBody(ascii, { hireDate: body.hireDate }));
    expect(asciiAgain.status).toBe(202);
    expect(asciiAgain.body.id).toBe(posted.body.id);
  });
});

describe('POST /api/onboardings with bad input', () => {
  it('lists every bad field at once with stable codes and writes nothing', async () => {
    const badId = withWrongCheckChar(uniqueIdNumber({ birthDate: '1980-01-02', region: '110105' }).slice(0, 17));
    const before = await rowsTouching({ idNumbers: [badId], workCity: '999999' });

    for (const monthlyGrossWage of ['-5', 10000]) {
      const res = await hr()
        .post('/api/onboardings')
        .send({ name: '', idNumber: badId, hireDate: '2024-02-30', workCity: '999999', monthlyGrossWage });
      expect(res.status).toBe(400);
      const error = errorOf(res);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toMatch(CHINESE);
      expect(new Set(error.details.map((detail) => detail.field))).toEqual(
        new Set(['name', 'idNumber', 'hireDate', 'workCity', 'monthlyGrossWage']),
      );
      for (const detail of error.details) {
        expect(detail.code).toMatch(/^[A-Z_]+$/);
        expect(detail.message).toMatch(CHINESE);
      }
      expect(detailsFor(res, 'idNumber').map((detail) => detail.code)).toEqual(['ID_CHECKSUM']);
      expect(detailsFor(res, 'hireDate').map((detail) => detail.code)).toEqual(['INVALID_DATE']);
      expect(detailsFor(res, 'workCity').map((detail) => detail.code)).toEqual(['UNKNOWN_CITY']);
      expect(detailsFor(res, 'name').map((detail) => detail.code)).toContain('TOO_SMALL');
      expect(detailsFor(res, 'monthlyGrossWage').map((detail) => detail.code)).toEqual(
        typeof monthlyGrossWage === 'number' ? ['INVALID_TYPE'] : expect.arrayContaining(['INVALID_FORMAT']),
      );
    }

    expect(await rowsTouching({ idNumbers: [badId], workCity: '999999' })).toEqual(before);
    expect(before).toEqual({ cases: 0, employees: 0 });
  });

  it('lists each missing field', async () => {
    const res = await hr().post('/api/onboardings').send({});
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((detail) => detail.field).sort()).toEqual(['hireDate', 'idNumber', 'monthlyGrossWage', 'name', 'workCity']);
    for (const detail of error.details) expect(detail.message).toMatch(/^缺少/);
  });

  it.each([
    ['a JSON array', '[]', 'application/json'],
    ['a JSON array of objects', '[{"name":"张三"}]', 'application/json'],
    ['a JSON string', '"张三"', 'application/json'],
    ['a JSON number', '42', 'application/json'],
    ['JSON null', 'null', 'application/json'],
    ['no body at all', undefined, undefined],
    ['a form body', 'name=x', 'application/x-www-form-urlencoded'],
  ])('answers 400, not 500, for %s', async (_what, raw, contentType) => {
    let call = hr().post('/api/onboardings');
    if (contentType) call = call.set('content-type', contentType);
    const res = raw === undefined ? await call : await call.send(raw);
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(['VALIDATION_FAILED', 'INVALID_JSON']).toContain(error.code);
    expect(error.message).toMatch(CHINESE);
  });

  it('says that a non-object body is not a JSON object', async () => {
    const res = await hr().post('/api/onboardings').send([{ name: '张三' }]);
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([expect.objectContaining({ message: '请求体应为 JSON 对象' })]);
  });

  it('answers a body over 100 kB with 413, not 500', async () => {
    const res = await hr().post('/api/onboardings').send(validBody('x', { name: '张'.repeat(60_000) }));
    expect(res.status).toBe(413);
    expect(errorOf(res).code).toBe('BODY_TOO_LARGE');
  });

  it('answers invalid JSON with 400 INVALID_JSON', async () => {
    const res = await hr().post('/api/onboardings').set('content-type', 'application/json').send('{"name": "张三",');
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({ code: 'INVALID_JSON', message: '请求体不是合法的 JSON', details: [] });
  });

  it('lists both the impossible birth date and the bad checksum of one ID number', async () => {
    const idNumber = withWrongCheckChar('43010219900230123');
    const res = await hr().post('/api/onboardings').send(validBody(idNumber));
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(detailsFor(res, 'idNumber').map((detail) => detail.code).sort()).toEqual(['ID_BIRTH_DATE_INVALID', 'ID_CHECKSUM']);
    expect(errorOf(res).details.map((detail) => detail.field)).toEqual(['idNumber', 'idNumber']);
    // The ID number is personal data and is never echoed back.
    expect(JSON.stringify(res.body)).not.toContain(idNumber.slice(0, 17));
  });

  it('names an unknown province code', async () => {
    const first17 = '99010219900517123';
    const res = await hr().post('/api/onboardings').send(validBody(first17 + computeCheckChar(first17)));
    expect(res.status).toBe(400);
    expect(errorOf(res).details).toEqual([expect.objectContaining({ field: 'idNumber', code: 'ID_PROVINCE_UNKNOWN' })]);
  });

  it('rejects a hire date more than 90 days ahead and accepts one exactly 90 days ahead', async () => {
    const pinned = createApp(appDeps(stack, { today: () => '2026-11-26' }));
    const idNumber = uniqueIdNumber({ birthDate: '1993-04-05', region: '430104' });
    stack.simulator.state.records.set(idNumber, []);

    const tooLate = await request.agent(pinned).set('authorization', managerAuth).post('/api/onboardings').send(validBody(idNumber, { hireDate: '2027-02-25' }));
    expect(tooLate.status).toBe(400);
    expect(errorOf(tooLate).details).toEqual([expect.objectContaining({ field: 'hireDate', code: 'HIRE_DATE_TOO_LATE' })]);
    expect(await rowsTouching({ idNumbers: [idNumber] })).toEqual({ cases: 0, employees: 0 });

    const tooEarly = await request.agent(pinned).set('authorization', managerAuth).post('/api/onboardings').send(validBody(idNumber, { hireDate: '2025-11-25' }));
    expect(tooEarly.status).toBe(400);
    expect(errorOf(tooEarly).details).toEqual([expect.objectContaining({ field: 'hireDate', code: 'HIRE_DATE_TOO_EARLY' })]);

    const lastDay = await request.agent(pinned).set('authorization', managerAuth).post('/api/onboardings').send(validBody(idNumber, { hireDate: '2027-02-24' }));
    expect(lastDay.status).toBe(202);
  });
});

describe('not found', () => {
  it('answers an unknown onboarding id with 404 NOT_FOUND', async () => {
    const res = await hr().get('/api/onboardings/onb_does-not-exist');
    expect(res.status).toBe(404);
    expect(errorOf(res)).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(CHINESE) });
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND', async () => {
    const res = await hr().get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('ROUTE_NOT_FOUND');
    const wrongMethod = await hr().delete('/api/onboardings/onb_x');
    expect(wrongMethod.status).toBe(404);
    expect(errorOf(wrongMethod).code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers an unknown employee with 404', async () => {
    const res = await hr().get('/api/employees/unknown');
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });
});

describe('POST /api/onboardings/:id/decisions', () => {
  const decision = { kind: 'PROCEED_AS_TRANSFER', note: '原单位已出具减员证明', decidedBy: 'hr-manager-1' };

  it('lists every bad field of a decision', async () => {
    const res = await hr().post('/api/onboardings/onb_whatever/decisions').send({ kind: 'APPROVE', note: '  ', decidedBy: 7 });
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(new Set(error.details.map((detail) => detail.field))).toEqual(new Set(['kind', 'note', 'decidedBy']));

    const empty = await hr().post('/api/onboardings/onb_whatever/decisions').send({});
    expect(empty.status).toBe(400);
    expect(new Set(errorOf(empty).details.map((detail) => detail.field))).toEqual(new Set(['kind', 'note', 'decidedBy']));
  });

  it('answers a decision on an unknown onboarding with 404', async () => {
    const res = await hr().post('/api/onboardings/onb_does-not-exist/decisions').send(decision);
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });

  it('refuses a decision on a finished onboarding with 409', async () => {
    const idNumber = uniqueIdNumber({ birthDate: '1989-09-09', region: '430104' });
    stack.simulator.state.records.set(idNumber, []);
    const posted = await hr().post('/api/onboardings').send(validBody(idNumber));
    expect(posted.status).toBe(202);
    await waitForStatus(posted.body.id, 'ENROLLED');
    await stack.client.workflow.getHandle(posted.body.workflowId).result();

    const res = await hr().post(`/api/onboardings/${posted.body.id}/decisions`).send(decision);
    expect(res.status).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'ONBOARDING_CLOSED', message: expect.stringMatching(CHINESE) });
    expect((await viewOf(posted.body.id)).status).toBe('ENROLLED');
  });

  it('lets HR proceed as a transfer while 武汉 still shows an active pension', async () => {
    const idNumber = uniqueIdNumber({ gender: 'FEMALE', birthDate: '1986-02-14', region: '430104' });
    stack.simulator.state.records.set(idNumber, [
      pensionRecord({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null, monthsPaid: 40, firstMonth: '2023-01' }),
    ]);
    const slowRecheck = createApp(appDeps(stack, { originRecheckInterval: '1 hour' }));
    const posted = await request.agent(slowRecheck).set('authorization', managerAuth).post('/api/onboardings').send(validBody(idNumber));
    expect(posted.status).toBe(202);

    const waiting = await waitForStatus(posted.body.id, 'AWAITING_ORIGIN_STOP');
    expect(waiting.classification).toBe('ACTIVE_ELSEWHERE');
    expect(waiting.warnings).toEqual([expect.objectContaining({ code: 'ACTIVE_ELSEWHERE', message: WUHAN_ACTIVE_WARNING })]);
    expect(waiting.enrollment).toBeNull();

    const decided = await request.agent(slowRecheck).set('authorization', managerAuth).post(`/api/onboardings/${posted.body.id}/decisions`).send(decision);
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      id: posted.body.id,
      classification: 'TRANSFER_NEEDED',
      decision: { kind: 'PROCEED_AS_TRANSFER', note: decision.note, decidedBy: decision.decidedBy },
    });

    const done = await waitForStatus(posted.body.id, 'ENROLLED');
    expect(done).toMatchObject({
      classification: 'TRANSFER_NEEDED',
      transferRequired: true,
      transferOrigins: [expect.objectContaining({ cityCode: '420100', cityName: '武汉', monthsPaid: 40 })],
      enrollment: expect.objectContaining({ kind: 'CONTINUING', cityCode: '430100' }),
    });
    const types = (done.timeline as { type: string }[]).map((entry) => entry.type);
    expect(types).toEqual(expect.arrayContaining(['REGISTERED', 'LOOKUP', 'WARNING', 'HR_DECISION', 'ENROLLED', 'TRANSFER_REQUIRED']));
    expect(types.indexOf('WARNING')).toBeLessThan(types.indexOf('HR_DECISION'));
    expect(types.indexOf('HR_DECISION')).toBeLessThan(types.indexOf('ENROLLED'));
    // Only the one lookup: the decision, not a recheck, moved it on.
    expect(stack.simulator.state.lookups.get(idNumber)).toBe(1);
  });
});

describe('an HR decision racing the workflow', () => {
  /**
   * The update validator accepts a decision whenever the status is AWAITING_ORIGIN_STOP and none is
   * pending. That also holds while a recheck lookup, or the enroll activity after the wait ended,
   * is running. A decision accepted then must still be answered, and must not keep the workflow
   * from completing (it ends by waiting on allHandlersFinished).
   */
  it('answers a decision that arrives during a recheck lookup, and the workflow still completes', async () => {
    const idNumber = uniqueIdNumber({ gender: 'MALE', birthDate: '1983-06-30', region: '430104' });
    const active = pensionRecord({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null });
    stack.simulator.state.records.set(idNumber, [active]);
    const quickRecheck = createApp(appDeps(stack, { originRecheckInterval: '2 seconds' }));
    const posted = await request.agent(quickRecheck).set('authorization', managerAuth).post('/api/onboardings').send(validBody(idNumber));
    expect(posted.status).toBe(202);
    const handle = stack.client.workflow.getHandle(posted.body.workflowId);
    await waitForStatus(posted.body.id, 'AWAITING_ORIGIN_STOP');

    // 武汉 stops the pension; the next recheck lookup answers slowly (under the client's 2 s timeout).
    const lookupsBefore = stack.simulator.state.lookups.get(idNumber) ?? 0;
    stack.simulator.state.records.set(idNumber, [{ ...active, status: 'SUSPENDED', lastMonth: '2026-10' }]);
    stack.simulator.state.faultsByIdNumber.set(idNumber, { latencyMs: 1_800, errorRate: 0, timeoutRate: 0, malformedRate: 0 });
    await waitFor(async () => ((stack.simulator.state.lookups.get(idNumber) ?? 0) > lookupsBefore ? true : undefined), 20_000, 'the recheck lookup');

    try {
      const decided = await request.agent(quickRecheck).set('authorization', managerAuth)
        .post(`/api/onboardings/${posted.body.id}/decisions`)
        .send({ kind: 'PROCEED_AS_TRANSFER', note: '原单位已出具减员证明', decidedBy: 'hr-manager-1' })
        .timeout(15_000)
        .then(
          (res) => res,
          (error: Error) => error,
        );
      expect(decided).not.toBeInstanceOf(Error);
      expect([200, 409]).toContain((decided as Response).status);

      const finished = await Promise.race([
        handle.result().then(() => 'completed'),
        new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000).unref()),
      ]);
      expect(finished).toBe('completed');
      expect((await viewOf(posted.body.id)).status).toBe('ENROLLED');
    } finally {
      if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test cleanup');
    }
  }, 90_000);
});

describe('an HR decision arriving while the enrollment is being written', () => {
  it('answers a second decision that arrives while enroll runs, and the workflow still completes', async () => {
    const idNumber = uniqueIdNumber({ gender: 'FEMALE', birthDate: '1982-01-31', region: '430104' });
    stack.simulator.state.records.set(idNumber, [pensionRecord({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null })]);
    const slowRecheck = createApp(appDeps(stack, { originRecheckInterval: '1 hour' }));
    const posted = await request.agent(slowRecheck).set('authorization', managerAuth).post('/api/onboardings').send(validBody(idNumber));
    expect(posted.status).toBe(202);
    const handle = stack.client.workflow.getHandle(posted.body.workflowId);
    await waitForStatus(posted.body.id, 'AWAITING_ORIGIN_STOP');

    // Hold the employee row so that the enroll activity (which sets the employee ACTIVE) blocks,
    // keeping the workflow between "decision applied" and "ENROLLED".
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = stack.db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Employee" WHERE id = ${employeeKey(idNumber, TEST_EMPLOYEE_KEY_SECRET)} FOR NO KEY UPDATE`;
        locked();
        await released;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    let second: Promise<Response | Error> | undefined;
    try {
      await isLocked;
      const first = await request.agent(slowRecheck).set('authorization', managerAuth)
        .post(`/api/onboardings/${posted.body.id}/decisions`)
        .send({ kind: 'PROCEED_AS_TRANSFER', note: '原单位已出具减员证明', decidedBy: 'hr-manager-1' });
      expect(first.status).toBe(200);
      expect((await viewOf(posted.body.id)).status).toBe('AWAITING_ORIGIN_STOP');

      let settled = false;
      second = request.agent(slowRecheck).set('authorization', managerAuth)
        .post(`/api/onboardings/${posted.body.id}/decisions`)
        .send({ kind: 'CANCEL', note: '候选人放弃入职', decidedBy: 'hr-manager-2' })
        .timeout(20_000)
        .then(
          (res) => res,
          (error: Error) => error,
        )
        .finally(() => {
          settled = true;
        });
      // Either the server refused it at once, or it accepted it (a second UpdateAccepted event).
      await waitFor(async () => {
        if (settled) return true;
        const history = await handle.fetchHistory();
        const accepted = (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes);
        return accepted.length >= 2 ? true : undefined;
      }, 20_000, 'the second decision to be refused or accepted');
    } finally {
      release();
      await holder;
    }

    const answer = await second;
    expect(answer).not.toBeInstanceOf(Error);
    expect([200, 409]).toContain((answer as Response).status);
    try {
      const finished = await Promise.race([
        handle.result().then(() => 'completed'),
        new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000).unref()),
      ]);
      expect(finished).toBe('completed');
    } finally {
      if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test cleanup');
    }
  }, 90_000);
});

describe('health', () => {
  it('answers /healthz with 200', async () => {
    const res = await hr().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 when the database and Temporal answer', async () => {
    const res = await hr().get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'temporal', ok: true },
      ],
    });
  });

  it('answers /readyz with 503, not 500, when the database is unreachable', async () => {
    const deadDb = createDatabase('postgresql://postgres@127.0.0.1:1/x');
    extraDatabases.push(deadDb);
    const res = await request(createApp(appDeps(stack, { db: deadDb }))).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('not-ready');
    expect(res.body.checks).toEqual([
      expect.objectContaining({ name: 'database', ok: false, error: expect.any(String) }),
      { name: 'temporal', ok: true },
    ]);
  });
});
