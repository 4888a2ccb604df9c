import { encryptedDataConverter } from '../worker/payload-codec';
import { Client, Connection } from '@temporalio/client';
import { loadWorkerConfig } from '../worker/config';
import { ensureSchedules } from '../worker/schedules';

// `npm run schedules`: creates or updates the month-end cleanup and policy sync schedules, as the
// worker does when it starts (ENSURE_SCHEDULES=false turns that off).
async function main() {
  const config = loadWorkerConfig();
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: encryptedDataConverter() });
    const { created, updated } = await ensureSchedules(client, { taskQueue: config.TASK_QUEUE });
    console.log(`schedules created: ${created.join(', ') || 'none'}; updated: ${updated.join(', ') || 'none'}`);
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
