import type { Express, Response } from 'express';
import { z } from 'zod';

// Faults a simulator injects for everyone or for one person, so that parallel tests do not disturb
// each other: latency, 5xx answers, requests never answered, and broken bodies.

export interface FaultSettings {
  latencyMs: number;
  /** Share of requests answered 503. */
  errorRate: number;
  /** Share of requests never answered: the socket stays open until the client gives up. */
  timeoutRate: number;
  /** Share of 2xx answers whose body is broken. */
  malformedRate: number;
}

export interface FaultsView {
  global: FaultSettings;
  byIdNumber: Record<string, FaultSettings>;
}

export interface PersonFaultStore {
  globalFaults: FaultSettings;
  readonly faultsByIdNumber: Map<string, FaultSettings>;
}

export const NO_FAULTS: Readonly<FaultSettings> = { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 };

const rateSchema = z.number().min(0).max(1);

export function faultsView(store: PersonFaultStore): FaultsView {
  return { global: { ...store.globalFaults }, byIdNumber: Object.fromEntries(store.faultsByIdNumber) };
}

/** A person's own settings win over the global ones. */
export function faultsFor(store: PersonFaultStore, idNumber: string | undefined): FaultSettings {
  return (idNumber === undefined ? undefined : store.faultsByIdNumber.get(idNumber)) ?? store.globalFaults;
}

export function clearFaults(store: PersonFaultStore): void {
  store.faultsByIdNumber.clear();
  store.globalFaults = { ...NO_FAULTS };
}

/** `GET /admin/faults`, `POST /admin/faults` and `POST /admin/faults/reset`, global or for one ID number. */
export function registerPersonFaultRoutes(
  app: Express,
  store: PersonFaultStore,
  idNumberSchema: z.ZodType<string>,
  invalid: (res: Response, error: z.ZodError) => void,
): void {
  const settingsSchema = z.strictObject({
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    errorRate: rateSchema.optional(),
    timeoutRate: rateSchema.optional(),
    malformedRate: rateSchema.optional(),
    idNumber: idNumberSchema.optional(),
  });
  const scopeSchema = z.strictObject({ idNumber: idNumberSchema.optional() });

  app.get('/admin/faults', (_req, res) => {
    res.json(faultsView(store));
  });

  app.post('/admin/faults/reset', (req, res) => {
    const parsed = scopeSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      invalid(res, parsed.error);
      return;
    }
    if (parsed.data.idNumber === undefined) clearFaults(store);
    else store.faultsByIdNumber.delete(parsed.data.idNumber);
    res.json(faultsView(store));
  });

  app.post('/admin/faults', (req, res) => {
    const parsed = settingsSchema.safeParse(req.body);
    if (!parsed.success) {
      invalid(res, parsed.error);
      return;
    }
    const { idNumber, ...settings } = parsed.data;
    const faults: FaultSettings = { ...NO_FAULTS, ...settings };
    if (idNumber === undefined) store.globalFaults = faults;
    else store.faultsByIdNumber.set(idNumber, faults);
    res.json(faultsView(store));
  });
}
