import type { Server } from 'node:http';
import {
  closePolicyFeedSimulatorServer,
  createPolicyFeedSimulator,
  type PolicyFeedSimulator,
  type PolicyFeedSimulatorOptions,
} from './app';

export interface RunningPolicyFeedSimulator extends PolicyFeedSimulator {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 unless told otherwise; port 0 picks a free one (tests, benchmarks). */
export async function startPolicyFeedSimulator(
  options: { port?: number; host?: string } & PolicyFeedSimulatorOptions = {},
): Promise<RunningPolicyFeedSimulator> {
  const { port, host = '127.0.0.1', ...simulatorOptions } = options;
  const simulator = createPolicyFeedSimulator(simulatorOptions);
  const server: Server = await new Promise((resolve, reject) => {
    const listening = simulator.app.listen(port ?? 0, host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('policy feed simulator did not bind');
  return {
    ...simulator,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () => closePolicyFeedSimulatorServer(server, simulator.state),
  };
}
