import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface SimulatorProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * A simulator in a process of its own, as the remote system it stands in for would be: its work
 * then does not compete with the worker's event loop in measurements. Runs the compiled entry point.
 */
export async function startSimulatorProcess(entry: string, env: NodeJS.ProcessEnv = {}): Promise<SimulatorProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, '..', entry)], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before listening`)));
    child.stdout?.once('data', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
