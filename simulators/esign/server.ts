import type { Server } from 'node:http';
import { closeEsignSimulatorServer, createEsignSimulator, type EsignSimulator, type EsignSimulatorOptions } from './app';

export interface RunningEsignSimulator extends EsignSimulator {
  url: string;
  close(): Promise<void>;
}

export interface StartEsignSimulatorOptions extends Omit<EsignSimulatorOptions, 'publicBaseUrl'> {
  port?: number;
  host?: string;
  /** Base of the signing links; defaults to the listening URL (localhost for a wildcard host). */
  publicBaseUrl?: string;
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Listens on 127.0.0.1 unless told otherwise; port 0 picks a free one (tests, benchmarks). */
export async function startEsignSimulator(options: StartEsignSimulatorOptions): Promise<RunningEsignSimulator> {
  const { port = 0, host = '127.0.0.1', publicBaseUrl, ...simulatorOptions } = options;
  const simulator = createEsignSimulator({ ...simulatorOptions, publicBaseUrl });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = simulator.app.listen(port, host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('esign simulator did not bind');
  const url = urlOf(host, address.port);
  if (publicBaseUrl === undefined) {
    // A browser cannot follow a link to 0.0.0.0 or [::] everywhere; send it to this machine instead.
    const wildcard = host === '0.0.0.0' || host === '::' || host === '';
    simulator.state.publicBaseUrl = wildcard ? urlOf('localhost', address.port) : url;
  }
  return {
    ...simulator,
    url,
    close: () => closeEsignSimulatorServer(server, simulator.state),
  };
}
