import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { applyMigrations } from '../prisma/migrate';
import { createDatabase } from '../prisma/client';
import { DEMO_PASSWORD, DEMO_USERS, upsertUser } from '../api/auth/users';
import { DEV_ESIGN_WEBHOOK_SECRET } from '../api/webhooks/esign-signature';
import { startEsignSimulator } from '../simulators/esign/server';
import { startNationalRecordsSimulator } from '../simulators/national-records/server';
import { startOriginAgencySimulator } from '../simulators/origin-agency/server';
import { SEED_RECORDS } from '../simulators/national-records/seed';
import { SEED_POLICY_FEED } from '../simulators/policy-feed/seed';
import { startPolicyFeedSimulator } from '../simulators/policy-feed/server';
import { resolveDatabase } from './resolve-database';
import { startTemporalDevServer } from './temporal-dev-server';

// `npm start`: everything a developer needs on one machine, in the foreground; Ctrl-C stops it all.
const ROOT = resolve(__dirname, '..', '..');
const DATA_DIR = join(ROOT, '.data');
const PORTS = {
  api: Number(process.env.PORT ?? 3000),
  temporal: Number(process.env.TEMPORAL_PORT ?? 7233),
  temporalUi: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
  nationalRecords: Number(process.env.NATIONAL_RECORDS_PORT ?? 4010),
  originAgency: Number(process.env.ORIGIN_AGENCY_PORT ?? 4020),
  esign: Number(process.env.ESIGN_PORT ?? 4030),
  policyFeed: Number(process.env.POLICY_FEED_PORT ?? 4040),
};

const log = (source: string) => (line: string) => {
  for (const part of line.split('\n')) if (part.trim()) console.log(`[${source}] ${part}`);
};

function startNode(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => log(name)(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => log(name)(chunk.toString()));
  child.on('exit', (code, signal) => log('stack')(`${name} exited (${signal ?? code})`));
  return child;
}

/** One user per role, so that a developer can sign in as each; the password is printed below. */
async function createDemoUsers(databaseUrl: string): Promise<void> {
  const db = createDatabase(databaseUrl);
  try {
    for (const user of DEMO_USERS) {
      if (!(await db.user.findUnique({ where: { username: user.username } }))) await upsertUser(db, { ...user, password: DEMO_PASSWORD });
    }
  } finally {
    await db.$disconnect();
  }
}

async function main() {
  const database = await resolveDatabase(DATA_DIR, log('database'));
  const applied = await applyMigrations(database.url);
  log('database')(`${database.kind} PostgreSQL ready; migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`);
  await createDemoUsers(database.url);

  const temporal = await startTemporalDevServer({
    port: PORTS.temporal,
    uiPort: PORTS.temporalUi,
    dbFilename: join(DATA_DIR, 'temporal', 'dev-server.db'),
    // The Web UI asks our API to decrypt payloads; without it, it shows them encrypted.
    uiCodecEndpoint: `http://127.0.0.1:${PORTS.api}/codec`,
    log: log('temporal'),
  });

  const simulator = await startNationalRecordsSimulator({ port: PORTS.nationalRecords, seed: SEED_RECORDS });
  const nationalRecordsUrl = simulator.url;
  // A transfer walks the agency's four steps in about two minutes here; real agencies take weeks.
  const agencyStepMs = Number(process.env.AGENCY_STEP_MS ?? 30_000);
  const agency = await startOriginAgencySimulator({
    port: PORTS.originAgency,
    timings: { contactLetterMs: agencyStepMs, reviewMs: agencyStepMs, fundsMs: agencyStepMs, completionMs: agencyStepMs },
  });
  const esignSecret = process.env.ESIGN_WEBHOOK_SECRET ?? DEV_ESIGN_WEBHOOK_SECRET;
  const esign = await startEsignSimulator({ port: PORTS.esign, webhookSecret: esignSecret });
  const policyFeed = await startPolicyFeedSimulator({ port: PORTS.policyFeed, seed: SEED_POLICY_FEED });
  const apiUrl = `http://127.0.0.1:${PORTS.api}`;

  const env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    NATIONAL_RECORDS_URL: nationalRecordsUrl,
    PORT: String(PORTS.api),
    ORIGIN_AGENCY_URL: agency.url,
    ESIGN_URL: esign.url,
    POLICY_FEED_URL: policyFeed.url,
    CODEC_TRUSTED_ORIGINS: process.env.CODEC_TRUSTED_ORIGINS ?? `http://127.0.0.1:${PORTS.temporalUi},http://localhost:${PORTS.temporalUi}`,
    ESIGN_WEBHOOK_SECRET: esignSecret,
    PUBLIC_API_URL: apiUrl,
    // Production waits hours and days; on a developer's machine a change made in a simulator
    // should show within a minute.
    ORIGIN_RECHECK_INTERVAL: process.env.ORIGIN_RECHECK_INTERVAL ?? '20 seconds',
    TRANSFER_SIGNATURE_REMINDER_INTERVAL: process.env.TRANSFER_SIGNATURE_REMINDER_INTERVAL ?? '2 minutes',
    TRANSFER_SIGNATURE_DEADLINE: process.env.TRANSFER_SIGNATURE_DEADLINE ?? '30 minutes',
    TRANSFER_POLL_INTERVAL: process.env.TRANSFER_POLL_INTERVAL ?? '10 seconds',
    TRANSFER_MAX_POLL_INTERVAL: process.env.TRANSFER_MAX_POLL_INTERVAL ?? '30 seconds',
  };
  const children = [startNode('worker', 'worker/main.js', env), startNode('api', 'api/main.js', env)];

  console.log(`
shebao-flow is running:
  API                       ${apiUrl}   (try GET /readyz)
  Temporal Web UI           ${temporal.uiUrl}
  Temporal gRPC             ${temporal.address}
  National records (sim.)   ${nationalRecordsUrl}
  Origin agency (sim.)      ${agency.url}
  E-sign provider (sim.)    ${esign.url}   (signing pages: /sign/<requestId>)
  Policy feed (sim.)        ${policyFeed.url}   (GET /feed/policies)
  Database                  ${database.kind} PostgreSQL
Sign in (POST /api/auth/token) as ${DEMO_USERS.map((user) => user.username).join(', ')} with the password ${DEMO_PASSWORD} (development only).
Press Ctrl-C to stop.
`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children.map((child) => new Promise((done) => (child.exitCode !== null ? done(null) : (child.once('exit', done), child.kill('SIGTERM'))))),
    );
    await Promise.all([simulator.close(), agency.close(), esign.close(), policyFeed.close()]);
    await temporal.stop();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
