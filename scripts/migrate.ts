import { databaseUrlFromEnv } from '../prisma/database-url';
import { applyMigrations, ensureDatabaseExists } from '../prisma/migrate';

async function main() {
  const url = databaseUrlFromEnv();
  await ensureDatabaseExists(url);
  const applied = await applyMigrations(url);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
