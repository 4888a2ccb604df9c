import { randomUUID } from 'node:crypto';
import type { Database } from '../../prisma/client';
import { hashPassword } from './passwords';
import type { Role } from './roles';

/** Creates the user, or resets their role and password when the name exists. */
export async function upsertUser(db: Database, user: { username: string; displayName: string; role: Role; password: string }): Promise<'created' | 'updated'> {
  const passwordHash = await hashPassword(user.password);
  const existing = await db.user.findUnique({ where: { username: user.username } });
  if (existing) {
    await db.user.update({ where: { id: existing.id }, data: { role: user.role, displayName: user.displayName, passwordHash, active: true, updatedAt: new Date() } });
    return 'updated';
  }
  await db.user.create({ data: { id: randomUUID(), username: user.username, displayName: user.displayName, role: user.role, passwordHash } });
  return 'created';
}

/** One user per role for trying the service on a developer's machine; never created in production. */
export const DEMO_USERS: readonly { username: string; displayName: string; role: Role }[] = [
  { username: 'manager', displayName: '王经理', role: 'hr_manager' },
  { username: 'staff', displayName: '李专员', role: 'hr_staff' },
  { username: 'finance', displayName: '张会计', role: 'finance' },
  { username: 'ops', displayName: '赵运维', role: 'ops' },
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
];
export const DEMO_PASSWORD = 'shebao-dev-password';
