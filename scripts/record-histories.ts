import { encryptedDataConverter } from '../worker/payload-codec';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../api/app';
import type { AppDeps } from '../api/deps';
import { authSettings } from '../api/auth/tokens';
import { DEV_ESIGN_WEBHOOK_SECRET } from '../api/webhooks/esign-signature';
import { submitOnboarding } from '../api/onboardings/submit';
import { addDays, shanghaiDate } from '../domain/business-date';
import { parseIdNumber } from '../domain/id-number';
import { createDatabase } from '../prisma/client';
import { databaseUrlFromEnv } from '../prisma/database-url';
import { recreateDatabase } from '../prisma/migrate';
import { startNationalRecordsSimulator } from '../simulators/national-records/server';
import { SEED_CASES, SEED_RECORDS } from '../simulators/national-records/seed';
import { startEsignSimulator } from '../simulators/esign/server';
import { startOriginAgencySimulator } from '../simulators/origin-agency/server';
import { contributionRunWorkflow, type employeeOnboardingWorkflow } from '../workflows';
import { contributionRunWorkflowId } from '../workflows/contributions/ids';
import { hrDecisionUpdate, onboardingStateQuery } from '../workflows/onboarding/messages';
import { installRuntime } from '../worker/runtime';
import { createWorker } from '../worker/create-worker';
import { freePort } from './free-port';
import { startTemporalDevServer } from './temporal-dev-server';
import { resolveTemporalCli } from './temporal-cli';

// Records the event histories that test/workflows/replay.test.ts replays. Files named v1-… were
// recorded before pension transfers started as child workflows and stay, so that the patched()
// path keeps replaying. Run it again (and commit the files) after a deliberate workflow change.
const OUT_DIR = join(__dirname, '..', 'test', 'fixtures', 'histories');
const DATABASE = 'shebao_histories';

/** The CLI writes the same JSON that `temporal workflow show --output json` gives ops. */
function exportHistory(address: string, workflowId: string, file: string): void {
  const cli = resolveTemporalCli();
  if (!cli) throw new Error('recording histories needs the Temporal CLI');
  const json = execFileSync(cli, ['workflow', 'show', '--address', address, '--workflow-id', workflowId, '--output', 'json']);
  writeFileSync(join(OUT_DIR, file), json);
}

async function main() {
  installRuntime();
  const temporal = await startTemporalDevServer({ port: await freePort() });
  const db = createDatabase(await recreateDatabase(databaseUrlFromEnv(), DATABASE));
  const simulator = await startNationalRecordsSimulator({ seed: SEED_RECORDS });
  const agency = await startOriginAgencySimulator({ timings: { contactLetterMs: 300, reviewMs: 300, fundsMs: 300, completionMs: 300 } });
  const esign = await startEsignSimulator({ webhookSecret: DEV_ESIGN_WEBHOOK_SECRET });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, dataConverter: encryptedDataConverter() });
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  const taskQueue = 'record-histories';
  const today = shanghaiDate(new Date());
  const deps: AppDeps = {
    db,
    temporal: client,
    taskQueue,
    employeeKeySecret: 'record-histories',
    originRecheckInterval: '1 second',
    esignWebhookSecret: DEV_ESIGN_WEBHOOK_SECRET,
    transferTimings: { signatureReminderInterval: '1 second', signatureDeadline: '1 minute', pollInterval: '200 milliseconds', maxPollInterval: '1 second' },
    today: () => today,
    logError: console.error,
    auth: authSettings(),
  };
  const api = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((resolve) => api.once('listening', resolve));
  const worker = await createWorker({
    connection: nativeConnection,
    taskQueue,
    db,
    nationalRecordsUrl: simulator.url,
    originAgencyUrl: agency.url,
    esignUrl: esign.url,
    publicApiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
    employerName: '长沙示例制造有限公司',
  });

  await worker.runUntil(async () => {
    const submit = (idNumber: string) => {
      const parsed = parseIdNumber(idNumber, today);
      if (!parsed.ok) throw new Error('bad seed ID number');
      return submitOnboarding(deps, { name: '王女士', idNumber: parsed.value, hireDate: addDays(today, -2), workCity: '430100', monthlyGrossWage: '10000.00' });
    };
    mkdirSync(OUT_DIR, { recursive: true });

    const wang = await submit(SEED_CASES.wangTransfer);
    const wangHandle = client.workflow.getHandle<typeof employeeOnboardingWorkflow>(wang.workflowId);
    const wangState = await wangHandle.result();
    exportHistory(temporal.address, wang.workflowId, 'onboarding-transfer-started.json');

    const transferId = wangState.transfer?.workflowIds?.[0];
    if (!transferId) throw new Error('王女士 onboarding started no transfer');
    const transferHandle = client.workflow.getHandle(transferId);
    for (let signed = false; !signed; ) {
      const pending = [...esign.state.requests.values()].find((request) => request.externalRef === transferId && request.status === 'PENDING');
      if (pending) {
        await fetch(`${esign.url}/sign/${pending.requestId}`, { method: 'POST' });
        signed = true;
      } else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await transferHandle.result();
    exportHistory(temporal.address, transferId, 'pension-transfer-completed.json');

    const active = await submit(SEED_CASES.activeWuhan);
    const activeHandle = client.workflow.getHandle(active.workflowId);
    for (;;) {
      const state = await activeHandle.query(onboardingStateQuery);
      if (state.status === 'AWAITING_ORIGIN_STOP' && state.lookups >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await activeHandle.executeUpdate(hrDecisionUpdate, { args: [{ kind: 'PROCEED_AS_TRANSFER', note: '原单位已减员', decidedBy: 'recorder' }] });
    await activeHandle.result();
    exportHistory(temporal.address, active.workflowId, 'onboarding-active-elsewhere-decision.json');

    // A month for the two people just hired, one employee per range so that the ranges run side by side.
    const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const { token } = await deps.auth.tokens.sign({ subject: 'recorder', username: 'recorder', role: 'hr_manager', kind: 'user' }, 600);
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, unknown>>;
    };
    const month = today.slice(0, 7);
    await post('/api/payroll', { rows: [SEED_CASES.wangTransfer, SEED_CASES.activeWuhan].map((idNumber) => ({ month, idNumber, grossPay: '10000.00', netPay: '8200.00' })) });
    const runWorkflowId = contributionRunWorkflowId('default', month);
    const totals = await client.workflow.execute(contributionRunWorkflow, { taskQueue, workflowId: runWorkflowId, args: [{ companyId: 'default', month, batchSize: 1, parallelBatches: 2 }] });
    exportHistory(temporal.address, runWorkflowId, 'contribution-run.json');
    await post(`/api/contribution-runs/${totals.runId}/finalize`, { finalizedBy: 'recorder' });
    const created = await post('/api/policies', { cityCode: '430100', insuranceType: 'PENSION', effectiveFrom: `${month}-01`, employerRatePercent: '15', source: 'recorder' });
    const adjustmentWorkflowId = (created.adjustment as { workflowId: string }).workflowId;
    await client.workflow.getHandle(adjustmentWorkflowId).result();
    exportHistory(temporal.address, adjustmentWorkflowId, 'policy-adjustment.json');
  });

  await new Promise((resolve) => api.close(resolve));
  await Promise.all([simulator.close(), agency.close(), esign.close()]);
  await nativeConnection.close();
  await connection.close();
  await db.$disconnect();
  await temporal.stop();
  console.log(`histories written to ${OUT_DIR}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
