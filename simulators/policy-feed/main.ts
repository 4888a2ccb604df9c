import { SEED_POLICY_FEED } from './seed';
import { startPolicyFeedSimulator } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4040);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${process.env.PORT}"`);
  }
  const simulator = await startPolicyFeedSimulator({ port, host: process.env.HOST, seed: SEED_POLICY_FEED });
  console.log(`policy-feed simulator listening on ${simulator.url}`);

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
