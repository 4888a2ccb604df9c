import type { Server } from 'node:http';
import {
  closeOriginAgencySimulatorServer,
  createOriginAgencySimulator,
  type OriginAgencySimulator,
  type OriginAgencySimulatorOptions,
} from './app';

export interface RunningOriginAgencySimulator extends OriginAgencySimulator {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 unless told otherwise; port 0 picks a free one (tests, benchmarks). */
export async function startOriginAgencySimulator(
  options: { port?: number; host?: string } & OriginAgencySimulatorOptions = {},
): Promise<RunningOriginAgencySimulator> {
  const { port, host = '127.0.0.1', ...simulatorOptions } = options;
  const simulator = createOriginAgencySimulator(simulatorOptions);
  const server: Server = await new Promise((resolve, reject) => {
    const listening = simulator.app.listen(port ?? 0, host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('origin agency simulator did not bind');
  return {
    ...simulator,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () => closeOriginAgencySimulatorServer(server, simulator.state),
  };
}
