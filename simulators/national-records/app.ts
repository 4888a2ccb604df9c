import type { Server } from 'node:http';
import express, { type Response } from 'express';
import { z } from 'zod';
import { INSURANCE_TYPES, RECORD_STATUSES, type NationalRecord } from '../../domain/national-record';
import { closeSimulator, createHeldSockets, errorBody, notFoundHandler, simulatorErrorHandler } from '../shared/http';
import { type FaultSettings, faultsFor, NO_FAULTS, registerPersonFaultRoutes } from '../shared/person-faults';

export interface SeedEntry {
  idNumber: string;
  records: NationalRecord[];
  note: string;
}

export type { FaultSettings, FaultsView } from '../shared/person-faults';

export interface NationalRecordsSimulatorState {
  readonly records: Map<string, NationalRecord[]>;
  readonly faultsByIdNumber: Map<string, FaultSettings>;
  readonly lookups: Map<string, number>;
  globalFaults: FaultSettings;
  /** Restores the seed and clears faults and lookup counts. */
  reset(): void;
  /** Destroys the sockets of lookups held open by a timeout fault or still waiting out latency. */
  closeHeld(): void;
}

export interface NationalRecordsSimulatorOptions {
  seed?: SeedEntry[];
  /** Decides which lookups get a fault; inject it to make fault tests deterministic. */
  random?: () => number;
}

export interface NationalRecordsSimulator {
  app: express.Express;
  state: NationalRecordsSimulatorState;
}

const ID_NUMBER_PATTERN = /^\d{17}[\dX]$/;
const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

const idNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(ID_NUMBER_PATTERN, '身份证号应为17位数字加1位数字或X');

const monthSchema = z.string().regex(MONTH_PATTERN, '月份格式应为 YYYY-MM');

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
}

const recordSchema = z
  .strictObject({
    cityCode: z.string().regex(/^\d{6}$/, '地区代码应为6位数字'),
    cityName: z.string().trim().min(1),
    insuranceType: z.enum(INSURANCE_TYPES),
    status: z.enum(RECORD_STATUSES),
    firstMonth: monthSchema,
    lastMonth: monthSchema.nullable(),
    monthsPaid: z.number().int().nonnegative(),
    employer: z.string().trim().min(1),
  })
  .superRefine((record, ctx) => {
    if (record.status !== 'ACTIVE' && record.lastMonth === null) {
      ctx.addIssue({ code: 'custom', path: ['lastMonth'], message: '暂停或终止的记录必须有截止月份' });
    }
    if (record.lastMonth === null) return;
    const span = monthIndex(record.lastMonth) - monthIndex(record.firstMonth) + 1;
    if (span < 1) {
      ctx.addIssue({ code: 'custom', path: ['lastMonth'], message: '截止月份早于起始月份' });
    } else if (record.monthsPaid > span) {
      ctx.addIssue({ code: 'custom', path: ['monthsPaid'], message: `缴费月数超过起止月份之间的 ${span} 个月` });
    }
  });

const personRecordsSchema = z.strictObject({
  idNumber: idNumberSchema,
  records: z.array(recordSchema),
});


function validationDetails(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

function parseSeed(seed: readonly SeedEntry[]): Map<string, NationalRecord[]> {
  const records = new Map<string, NationalRecord[]>();
  for (const entry of seed) {
    const parsed = personRecordsSchema.safeParse({ idNumber: entry.idNumber, records: entry.records });
    if (!parsed.success) {
      throw new Error(`Invalid seed entry "${entry.note}": ${JSON.stringify(validationDetails(parsed.error))}`);
    }
    if (records.has(parsed.data.idNumber)) {
      throw new Error(`Duplicate seed entry "${entry.note}"`);
    }
    records.set(parsed.data.idNumber, parsed.data.records);
  }
  return records;
}

function withoutFields(record: NationalRecord, ...fields: (keyof NationalRecord)[]): Partial<NationalRecord> {
  const copy: Partial<NationalRecord> = { ...record };
  for (const field of fields) delete copy[field];
  return copy;
}

type LookupBody = { idNumber: string; records: NationalRecord[] };

/** The ways a real gateway breaks a 200 answer: cut-off bodies, schema drift, an HTML error page. */
const MALFORMED_ANSWERS: ((body: LookupBody) => { contentType: string; text: string })[] = [
  (body) => {
    const json = JSON.stringify(body);
    return { contentType: 'application/json', text: json.slice(0, Math.floor(json.length / 2)) };
  },
  (body) => {
    const [first, ...rest] = body.records;
    const broken = first === undefined ? [{ cityCode: '440100' }] : [withoutFields(first, 'status', 'monthsPaid'), ...rest];
    return { contentType: 'application/json', text: JSON.stringify({ ...body, records: broken }) };
  },
  () => ({
    contentType: 'text/html; charset=utf-8',
    text: '<!DOCTYPE html><html><body><h1>系统维护中,请稍后访问</h1></body></html>',
  }),
];

export function createNationalRecordsSimulator(options: NationalRecordsSimulatorOptions = {}): NationalRecordsSimulator {
  const seedRecords = parseSeed(options.seed ?? []);
  const random = options.random ?? Math.random;
  const held = createHeldSockets();
  const { hold, delay } = held;

  const state: NationalRecordsSimulatorState = {
    records: new Map(),
    faultsByIdNumber: new Map(),
    lookups: new Map(),
    globalFaults: { ...NO_FAULTS },
    reset() {
      state.records.clear();
      for (const [idNumber, records] of seedRecords) state.records.set(idNumber, structuredClone(records));
      state.faultsByIdNumber.clear();
      state.lookups.clear();
      state.globalFaults = { ...NO_FAULTS };
    },
    closeHeld() {
      held.destroyAll();
    },
  };
  state.reset();

  const happens = (rate: number): boolean => rate > 0 && random() < rate;



  function sendMalformed(res: Response, body: LookupBody): void {
    const index = Math.min(Math.floor(random() * MALFORMED_ANSWERS.length), MALFORMED_ANSWERS.length - 1);
    const answer = MALFORMED_ANSWERS[index]!(body);
    res.status(200).type(answer.contentType).send(answer.text);
  }

  function parseIdParam(raw: string, res: Response): string | undefined {
    const parsed = idNumberSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    res.status(400).json(errorBody('INVALID_ID_NUMBER', '身份证号格式不正确'));
    return undefined;
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/records/:idNumber', async (req, res) => {
    const idNumber = parseIdParam(req.params.idNumber, res);
    if (idNumber === undefined) return;
    state.lookups.set(idNumber, (state.lookups.get(idNumber) ?? 0) + 1);

    const faults = faultsFor(state, idNumber);
    if (faults.latencyMs > 0 && !(await delay(res, faults.latencyMs))) return;
    if (happens(faults.timeoutRate)) {
      hold(res);
      return;
    }
    if (happens(faults.errorRate)) {
      res.status(503).set('Retry-After', '1').json(errorBody('SERVICE_UNAVAILABLE', '系统繁忙,请稍后再试'));
      return;
    }
    const body: LookupBody = { idNumber, records: state.records.get(idNumber) ?? [] };
    if (happens(faults.malformedRate)) {
      sendMalformed(res, body);
      return;
    }
    res.json(body);
  });

  app.post('/admin/records', (req, res) => {
    const parsed = personRecordsSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json(errorBody('VALIDATION_FAILED', '参保记录不合法', validationDetails(parsed.error)));
      return;
    }
    state.records.set(parsed.data.idNumber, parsed.data.records);
    res.json(parsed.data);
  });

  app.delete('/admin/records/:idNumber', (req, res) => {
    const idNumber = parseIdParam(req.params.idNumber, res);
    if (idNumber === undefined) return;
    state.records.delete(idNumber);
    res.status(204).end();
  });

  registerPersonFaultRoutes(app, state, idNumberSchema, (res, error) => res.status(400).json(errorBody('VALIDATION_FAILED', '故障设置不合法', validationDetails(error))));

  app.get('/admin/stats/:idNumber', (req, res) => {
    const idNumber = parseIdParam(req.params.idNumber, res);
    if (idNumber === undefined) return;
    res.json({ lookups: state.lookups.get(idNumber) ?? 0 });
  });

  app.use(notFoundHandler);
  app.use(simulatorErrorHandler);

  return { app, state };
}

/** Closes a listening simulator, releasing held lookups first so close() does not wait on them forever. */
export function closeSimulatorServer(server: Server, state: NationalRecordsSimulatorState): Promise<void> {
  return closeSimulator(server, () => state.closeHeld());
}
