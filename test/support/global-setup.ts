import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recreateDatabase } from '../../prisma/migrate';
import { databaseUrlFromEnv } from '../../prisma/database-url';
import { freePort } from '../../scripts/free-port';
import { startTemporalDevServer, type RunningDevServer } from '../../scripts/temporal-dev-server';
import { writeWorkflowBundle } from '../../scripts/workflow-bundle';

declare global {
  var shebaoTemporal: RunningDevServer | undefined;
  var shebaoTestDatabase: { serverUrl: string; name: string } | undefined;
}

// One database per run, so two runs on one machine (a developer's and CI's) never collide.
const TEST_DATABASE = `shebao_test_${process.pid}`;

export default async function globalSetup(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'shebao-test-'));
  const bundlePath = join(workDir, 'workflow-bundle.js');
  const [databaseUrl, temporal] = await Promise.all([
    recreateDatabase(databaseUrlFromEnv(), TEST_DATABASE),
    freePort().then((port) => startTemporalDevServer({ port, logLevel: 'error', log: (line) => process.stderr.write(`[temporal] ${line}\n`) })),
    writeWorkflowBundle(bundlePath),
  ]);
  globalThis.shebaoTemporal = temporal;
  globalThis.shebaoTestDatabase = { serverUrl: databaseUrlFromEnv(), name: TEST_DATABASE };
  process.env.TEST_DATABASE_URL = databaseUrl;
  process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
}
