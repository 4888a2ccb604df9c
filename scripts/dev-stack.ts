import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { applyMigrations } from '../prisma/migrate';
import { startNationalRecordsSimulator } from '../simulators/national-records/server';
import { SEED_RECORDS } from '../simulators/national-records/seed';
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

async function main() {
  const database = await resolveDatabase(DATA_DIR, log('database'));
  const applied = await applyMigrations(database.url);
  log('database')(`${database.kind} PostgreSQL ready; migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`);

  const temporal = await startTemporalDevServer({
    port: PORTS.temporal,
    uiPort: PORTS.temporalUi,
    dbFilename: join(DATA_DIR, 'temporal', 'dev-server.db'),
    log: log('temporal'),
  });

  const simulator = await startNationalRecordsSimulator({ port: PORTS.nationalRecords, seed: SEED_RECORDS });
  const nationalRecordsUrl = simulator.url;

  const env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    NATIONAL_RECORDS_URL: nationalRecordsUrl,
    PORT: String(PORTS.api),
    // Production re-checks an origin every few hours; on a developer's machine a change made in the
    // simulator should show within a minute.
    ORIGIN_RECHECK_INTERVAL: process.env.ORIGIN_RECHECK_INTERVAL ?? '20 seconds',
  };
  const children = [startNode('worker', 'worker/main.js', env), startNode('api', 'api/main.js', env)];

  console.log(`
shebao-flow is running:
  API                       http://127.0.0.1:${PORTS.api}   (try GET /readyz)
  Temporal Web UI           ${temporal.uiUrl}
  Temporal gRPC             ${temporal.address}
  National records (sim.)   ${nationalRecordsUrl}
  Database                  ${database.kind} PostgreSQL
Press Ctrl-C to stop.
`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children.map((child) => new Promise((done) => (child.exitCode !== null ? done(null) : (child.once('exit', done), child.kill('SIGTERM'))))),
    );
    await simulator.close();
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
