import { portFromEnv, runSimulatorMain } from '../shared/run-main';
import type { Timings } from './app';
import { startOriginAgencySimulator } from './server';

const MAX_STEP_MS = 366 * 24 * 60 * 60 * 1000;

/** Optional: every step (ACCEPTED → … → COMPLETED) takes this many ms instead of a day. */
function stepTimingsFromEnv(): Partial<Timings> | undefined {
  const raw = process.env.AGENCY_STEP_MS;
  if (raw === undefined || raw.trim() === '') return undefined;
  const stepMs = Number(raw);
  if (!Number.isInteger(stepMs) || stepMs < 0 || stepMs > MAX_STEP_MS) throw new Error(`AGENCY_STEP_MS must be an integer between 0 and ${MAX_STEP_MS}, got "${raw}"`);
  return { contactLetterMs: stepMs, reviewMs: stepMs, fundsMs: stepMs, completionMs: stepMs };
}

runSimulatorMain(async () => {
  const simulator = await startOriginAgencySimulator({ port: portFromEnv(4020), host: process.env.HOST, timings: stepTimingsFromEnv() });
  return { close: simulator.close, listening: `origin-agency simulator listening on ${simulator.url}` };
});
