/** A simulator run as a program: the port from PORT, one line on stdout once listening, a clean stop on SIGINT/SIGTERM. */
export function portFromEnv(fallback: number): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer between 0 and 65535, got "${raw}"`);
  return port;
}

export function runSimulatorMain(start: () => Promise<{ close(): Promise<void>; listening: string }>): void {
  start()
    .then((simulator) => {
      // The first line on stdout is how a parent process learns the simulator is listening.
      console.log(simulator.listening);
      const shutdown = () => {
        simulator.close().catch((err: unknown) => {
          console.error(err);
          process.exit(1);
        });
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
