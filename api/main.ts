import { encryptedDataConverter } from '../worker/payload-codec';
import { Client, Connection } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { shanghaiDate } from '../domain/business-date';
import { createDatabase } from '../prisma/client';
import { createApp } from './app';
import { createLogger } from './http-log';
import { authSettings } from './auth/tokens';
import { loadApiConfig } from './config';

const csv = (value: string) => value.split(',').map((part) => part.trim()).filter(Boolean);

async function run() {
  const config = loadApiConfig();
  const logger = createLogger('shebao-api');
  const db = createDatabase(config.DATABASE_URL);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: encryptedDataConverter() });
  const app = createApp({
    db,
    temporal,
    taskQueue: config.TASK_QUEUE,
    transferTaskQueue: config.TRANSFER_TASK_QUEUE,
    employeeKeySecret: config.EMPLOYEE_KEY_SECRET,
    originRecheckInterval: config.ORIGIN_RECHECK_INTERVAL as Duration,
    esignWebhookSecret: config.ESIGN_WEBHOOK_SECRET,
    transferTimings: {
      signatureReminderInterval: config.TRANSFER_SIGNATURE_REMINDER_INTERVAL as Duration,
      signatureDeadline: config.TRANSFER_SIGNATURE_DEADLINE as Duration,
      pollInterval: config.TRANSFER_POLL_INTERVAL as Duration,
      maxPollInterval: config.TRANSFER_MAX_POLL_INTERVAL as Duration,
    },
    today: () => shanghaiDate(new Date()),
    logError: (error) => logger.error({ err: error }, 'request failed'),
    logger,
    auth: authSettings(config.AUTH_JWT_SECRET, config.AUTH_TOKEN_TTL_SECONDS),
    corsOrigins: csv(config.CORS_ORIGINS),
    codecTrustedOrigins: csv(config.CODEC_TRUSTED_ORIGINS),
  });
  const server = app.listen(config.PORT, config.HOST, () => {
    console.log(`shebao-flow API listening on http://${config.HOST}:${config.PORT}`);
  });
  const shutdown = () => {
    server.close(async () => {
      await db.$disconnect();
      await connection.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
