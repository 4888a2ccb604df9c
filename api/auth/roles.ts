export const ROLES = ['hr_manager', 'hr_staff', 'finance', 'ops', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  hr_manager: 'HR 经理',
  hr_staff: 'HR 专员',
  finance: '财务',
  ops: '运维',
  admin: '系统管理员',
};

/**
 * Who may do what: the one table every route's permission points into. HR managers run every social
 * insurance operation; HR staff only read; finance reads amounts; ops see workflows and schedules
 * (never personal data); admins manage users. The source document's incident — a staff member
 * changing a base by mistake — is why every write is a manager's.
 */
export const PERMISSIONS = {
  'onboarding.read': ['hr_manager', 'hr_staff'],
  'onboarding.write': ['hr_manager'],
  'employee.read': ['hr_manager', 'hr_staff'],
  'transfer.read': ['hr_manager', 'hr_staff'],
  'transfer.write': ['hr_manager'],
  'notification.read': ['hr_manager', 'hr_staff'],
  'feed.import': ['hr_manager'],
  'contribution.read': ['hr_manager', 'hr_staff', 'finance'],
  'contribution.run': ['hr_manager'],
  'policy.read': ['hr_manager', 'hr_staff', 'finance'],
  'policy.write': ['hr_manager'],
  'cleanup.read': ['hr_manager', 'hr_staff'],
  'duplicate.merge': ['hr_manager'],
  'proposal.read': ['hr_manager', 'hr_staff'],
  'proposal.decide': ['hr_manager'],
  'schedule.read': ['hr_manager', 'ops', 'admin'],
  'schedule.operate': ['ops', 'admin'],
  'workflow.read': ['hr_manager', 'ops', 'admin'],
  'payload.decode': ['hr_manager', 'admin'],
  'audit.read': ['hr_manager', 'admin'],
  'user.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
