import { DEV_ESIGN_WEBHOOK_SECRET } from '../../api/webhooks/esign-signature';
import { portFromEnv, runSimulatorMain } from '../shared/run-main';
import { startEsignSimulator } from './server';

runSimulatorMain(async () => {
  let webhookSecret = process.env.ESIGN_WEBHOOK_SECRET ?? '';
  if (webhookSecret === '') {
    webhookSecret = DEV_ESIGN_WEBHOOK_SECRET;
    // stderr: stdout's first line announces the listening simulator.
    console.warn('ESIGN_WEBHOOK_SECRET is not set: signing webhooks with the development secret DEV_ESIGN_WEBHOOK_SECRET');
  }
  const simulator = await startEsignSimulator({ port: portFromEnv(4030), host: process.env.HOST, webhookSecret, publicBaseUrl: process.env.ESIGN_PUBLIC_BASE_URL || undefined });
  return { close: simulator.close, listening: `esign simulator listening on ${simulator.url} (signing links under ${simulator.state.publicBaseUrl}/sign/)` };
});
