import { portFromEnv, runSimulatorMain } from '../shared/run-main';
import { SEED_RECORDS } from './seed';
import { startNationalRecordsSimulator } from './server';

runSimulatorMain(async () => {
  const simulator = await startNationalRecordsSimulator({ port: portFromEnv(4010), host: process.env.HOST, seed: SEED_RECORDS });
  return { close: simulator.close, listening: `national-records simulator listening on ${simulator.url}` };
});
