import { Client } from 'pg';
import { withDatabaseName } from '../../prisma/database-url';

export default async function globalTeardown(): Promise<void> {
  await globalThis.shebaoTemporal?.stop();
  const database = globalThis.shebaoTestDatabase;
  if (!database) return;
  const admin = new Client({ connectionString: withDatabaseName(database.serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
