import { dropDatabase } from '../../prisma/migrate';

export default async function globalTeardown(): Promise<void> {
  await globalThis.shebaoTemporal?.stop();
  const database = globalThis.shebaoTestDatabase;
  if (database) await dropDatabase(database.serverUrl, database.name);
}
