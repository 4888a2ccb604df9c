import { DEV_ESIGN_WEBHOOK_SECRET } from '../../api/webhooks/esign-signature';
import { startEsignSimulator } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4030);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${process.env.PORT}"`);
  }
  let webhookSecret = process.env.ESIGN_WEBHOOK_SECRET ?? '';
  if (webhookSecret === '') {
    webhookSecret = DEV_ESIGN_WEBHOOK_SECRET;
    // stderr: the first line on stdout is how a parent process learns the simulator is listening.
    console.warn('ESIGN_WEBHOOK_SECRET is not set: signing webhooks with the development secret DEV_ESIGN_WEBHOOK_SECRET');
  }
  const simulator = await startEsignSimulator({
    port,
    host: process.env.HOST,
    webhookSecret,
    publicBaseUrl: process.env.ESIGN_PUBLIC_BASE_URL || undefined,
  });
  console.log(`esign simulator listening on ${simulator.url} (signing links under ${simulator.state.publicBaseUrl}/sign/)`);

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
