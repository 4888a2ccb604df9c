import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isRole, ROLES } from '../api/auth/roles';
import { authSettings } from '../api/auth/tokens';
import { upsertUser } from '../api/auth/users';
import { loadApiConfig } from '../api/config';
import { createDatabase } from '../prisma/client';

// `npm run users -- add <username> <role> [display name]`  (password on stdin, at least 10 characters)
// `npm run users -- token <name> <role> [days]`            (a service token for a script; printed once)
const USAGE = `usage:\n  npm run users -- add <username> <${ROLES.join('|')}> [display name]   (password on stdin)\n  npm run users -- token <name> <role> [days]`;

async function main() {
  const [command, name, role, extra] = process.argv.slice(2);
  if (!command || !name || !isRole(role)) throw new Error(USAGE);
  const config = loadApiConfig();
  const db = createDatabase(config.DATABASE_URL);
  try {
    if (command === 'add') {
      const password = readFileSync(0, 'utf8').trim();
      if (password.length < 10) throw new Error('the password (stdin) must have at least 10 characters');
      const outcome = await upsertUser(db, { username: name, displayName: extra ?? name, role, password });
      console.log(`user ${name} ${outcome} with role ${role}`);
    } else if (command === 'token') {
      const days = Number(extra ?? 90);
      if (!Number.isInteger(days) || days < 1 || days > 366) throw new Error('days must be an integer from 1 to 366');
      const { tokens } = authSettings(config.AUTH_JWT_SECRET);
      const id = randomUUID();
      const issued = await tokens.sign({ subject: id, tokenId: id, username: `service:${name}`, role, kind: 'service' }, days * 86_400);
      await db.serviceToken.create({ data: { id, name, role, createdBy: 'cli', expiresAt: issued.expiresAt } });
      console.log(issued.token);
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
