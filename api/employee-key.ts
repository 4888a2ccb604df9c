import { createHmac } from 'node:crypto';

/**
 * The employee id is a keyed pseudonym of the normalized ID number: the same person always gets the
 * same id (so a repeated request reaches the same workflow), and workflow IDs, search attributes and
 * logs never carry the ID number. The key must stay fixed for the life of the data.
 */
export function employeeKey(normalizedIdNumber: string, secret: string): string {
  const digest = createHmac('sha256', secret).update(normalizedIdNumber).digest('base64url');
  return `emp_${digest.slice(0, 22)}`;
}
