import { join } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_DATABASE_URL, withDatabaseName } from '../prisma/database-url';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../prisma/embedded-postgres';
import { ensureDatabaseExists } from '../prisma/migrate';

const EMBEDDED_PORT = 5433;

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: withDatabaseName(url, 'postgres'), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ResolvedDatabase {
  url: string;
  kind: 'configured' | 'local' | 'embedded';
  embedded?: EmbeddedPostgres;
}

/** DATABASE_URL if set; else the local PostgreSQL; else an embedded one kept under .data/. */
export async function resolveDatabase(dataDir: string, log: (line: string) => void): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) {
    await ensureDatabaseExists(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, kind: 'configured' };
  }
  if (await answers(DEFAULT_DATABASE_URL)) {
    await ensureDatabaseExists(DEFAULT_DATABASE_URL);
    return { url: DEFAULT_DATABASE_URL, kind: 'local' };
  }
  log(`no PostgreSQL on 127.0.0.1:5432: starting the embedded one on port ${EMBEDDED_PORT}`);
  const embedded = await startEmbeddedPostgres(join(dataDir, 'pglite'), EMBEDDED_PORT);
  return { url: embedded.url, kind: 'embedded', embedded };
}
