import type { Role } from './roles';

/** 430***********123X: region's first three and the last four, the length kept. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 7) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 3)}${'*'.repeat(idNumber.length - 7)}${idNumber.slice(-4)}`;
}

const ID_NUMBER_FIELDS = new Set(['idNumber', 'submittedIdNumber']);
/** Wages and the people behind them: finance sees amounts and bases, not these. */
const FINANCE_HIDDEN_FIELDS = new Set(['name', 'submittedName', 'monthlyGrossWage', 'grossPay', 'netPay', 'payrollTotal', 'payrollEntryIds', 'birthDate', 'gender']);

/**
 * What a role may read of an answer: every role but the HR manager sees ID numbers masked; finance
 * additionally loses names and wages beyond the base. Applied to every JSON answer, whatever route
 * produced it, so a new route cannot leak by forgetting to mask.
 */
export function redactFor(role: Role, body: unknown): unknown {
  if (role === 'hr_manager') return body;
  const hide = role === 'finance' ? FINANCE_HIDDEN_FIELDS : undefined;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object' || value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (hide?.has(key)) continue;
      out[key] = ID_NUMBER_FIELDS.has(key) && typeof field === 'string' ? maskIdNumber(field) : visit(field);
    }
    return out;
  };
  return visit(JSON.parse(JSON.stringify(body)));
}

const SECRET_FIELDS = new Set(['password', 'passwordHash', 'accessToken']);

/** For the audit trail: passwords and tokens never enter it, whoever made the change. */
export function withoutSecrets(body: unknown): unknown {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object' || value instanceof Date) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_FIELDS.has(key)).map(([key, field]) => [key, visit(field)]));
  };
  return visit(JSON.parse(JSON.stringify(body ?? null)));
}
