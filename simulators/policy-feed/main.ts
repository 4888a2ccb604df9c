import { portFromEnv, runSimulatorMain } from '../shared/run-main';
import { SEED_POLICY_FEED } from './seed';
import { startPolicyFeedSimulator } from './server';

runSimulatorMain(async () => {
  const simulator = await startPolicyFeedSimulator({ port: portFromEnv(4040), host: process.env.HOST, seed: SEED_POLICY_FEED });
  return { close: simulator.close, listening: `policy-feed simulator listening on ${simulator.url}` };
});
