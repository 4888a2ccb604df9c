import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { closeSimulatorServer, createNationalRecordsSimulator } from './app';
import { SEED_RECORDS } from './seed';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4010);
  const host = process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${process.env.PORT}"`);
  }

  const { app, state } = createNationalRecordsSimulator({ seed: SEED_RECORDS });
  const server = app.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  console.log(`national-records simulator listening on http://${urlHost}:${address.port}`);

  const shutdown = () => {
    closeSimulatorServer(server, state).catch((err: unknown) => {
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
