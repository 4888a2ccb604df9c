import type { Timings } from './app';
import { startOriginAgencySimulator } from './server';

function integerFromEnv(name: string, fallback: number | undefined, max: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be an integer between 0 and ${max}, got "${raw}"`);
  }
  return value;
}

async function main(): Promise<void> {
  const port = integerFromEnv('PORT', 4020, 65535) ?? 4020;
  // Optional: every step (ACCEPTED → … → COMPLETED) takes this many ms instead of a day.
  const stepMs = integerFromEnv('AGENCY_STEP_MS', undefined, 366 * 24 * 60 * 60 * 1000);
  const timings: Partial<Timings> | undefined =
    stepMs === undefined ? undefined : { contactLetterMs: stepMs, reviewMs: stepMs, fundsMs: stepMs, completionMs: stepMs };

  const simulator = await startOriginAgencySimulator({ port, host: process.env.HOST, timings });
  console.log(`origin-agency simulator listening on ${simulator.url}`);

  const shutdown = () => {
    simulator.close().catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
