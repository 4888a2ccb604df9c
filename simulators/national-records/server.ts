import type { Server } from 'node:http';
import { closeSimulatorServer, createNationalRecordsSimulator, type NationalRecordsSimulator, type SeedEntry } from './app';

export interface RunningNationalRecordsSimulator extends NationalRecordsSimulator {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 unless told otherwise; port 0 picks a free one (tests, benchmarks). */
export async function startNationalRecordsSimulator(
  options: { port?: number; host?: string; seed?: SeedEntry[] } = {},
): Promise<RunningNationalRecordsSimulator> {
  const host = options.host ?? '127.0.0.1';
  const simulator = createNationalRecordsSimulator({ seed: options.seed ?? [] });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = simulator.app.listen(options.port ?? 0, host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('national records simulator did not bind');
  return {
    ...simulator,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () => closeSimulatorServer(server, simulator.state),
  };
}
