import type { EmployeeMonthFacts, PayrollYear } from '../domain/contributions/employee-month';
import type { IsoMonth } from '../domain/business-date';
import { lastDayOfMonth } from '../domain/months';
import { poolingRegionOf } from '../domain/regions';
import type { Database } from '../prisma/client';

interface EmployeeRow {
  id: string;
  workCityCode: string;
  hireDate: string;
}

/**
 * The facts one range of employees needs for `month`: employment dates (attendance first, the
 * onboarding's hire date when attendance has none) and payroll grouped by calendar year, read in
 * three set-based queries whatever the batch size.
 */
export async function loadEmployeeMonthFacts(
  db: Database,
  input: { companyId: string; month: IsoMonth; afterEmployeeId: string; throughEmployeeId: string },
): Promise<EmployeeMonthFacts[]> {
  const monthEnd = lastDayOfMonth(input.month);
  const employees = await db.$queryRawUnsafe<EmployeeRow[]>(
    `SELECT id, "workCityCode", "hireDate"::text AS "hireDate" FROM "Employee"
     WHERE "companyId" = $1 AND id > $2 AND id <= $3 ORDER BY id`,
    input.companyId,
    input.afterEmployeeId,
    input.throughEmployeeId,
  );
  if (employees.length === 0) return [];
  // The id range again rather than a list of ids, stated on both tables so that the planner walks
  // the (employeeId, …) indexes instead of scanning all payroll.
  const range = [input.companyId, input.afterEmployeeId, input.throughEmployeeId] as const;
  const inRange = `e."companyId" = $1 AND e.id > $2 AND e.id <= $3`;
  const [events, payrollYears, firstPayroll] = await Promise.all([
    db.$queryRawUnsafe<{ employeeId: string; kind: string; date: string }[]>(
      `SELECT a."employeeId", a.kind, a.date::text AS date FROM "AttendanceEvent" a JOIN "Employee" e ON e.id = a."employeeId"
       WHERE ${inRange} AND a."employeeId" > $2 AND a."employeeId" <= $3 ORDER BY a."employeeId", a.date`,
      ...range,
    ),
    db.$queryRawUnsafe<{ employeeId: string; year: number; total: string; monthCount: number; entryIds: string[] }[]>(
      `SELECT p."employeeId", left(p.month, 4)::int AS year, sum(p."grossPay")::text AS total, count(*)::int AS "monthCount",
              array_agg(p.id::text ORDER BY p.month) AS "entryIds"
       FROM "PayrollEntry" p JOIN "Employee" e ON e.id = p."employeeId"
       WHERE ${inRange} AND p."employeeId" > $2 AND p."employeeId" <= $3 AND p.month <= $4
       GROUP BY p."employeeId", left(p.month, 4)`,
      ...range,
      input.month,
    ),
    db.$queryRawUnsafe<{ employeeId: string; id: string; grossPay: string }[]>(
      `SELECT DISTINCT ON (p."employeeId") p."employeeId", p.id::text AS id, p."grossPay"::text AS "grossPay"
       FROM "PayrollEntry" p JOIN "Employee" e ON e.id = p."employeeId"
       WHERE ${inRange} AND p."employeeId" > $2 AND p."employeeId" <= $3 AND p.month <= $4
       ORDER BY p."employeeId", p.month`,
      ...range,
      input.month,
    ),
  ]);

  const eventsByEmployee = groupBy(events, (event) => event.employeeId);
  const yearsByEmployee = new Map<string, Map<number, PayrollYear>>();
  for (const row of payrollYears) {
    const years = yearsByEmployee.get(row.employeeId) ?? new Map<number, PayrollYear>();
    years.set(row.year, { total: row.total, monthCount: row.monthCount, entryIds: row.entryIds });
    yearsByEmployee.set(row.employeeId, years);
  }
  const firstByEmployee = new Map(firstPayroll.map((row) => [row.employeeId, { gross: row.grossPay, entryId: row.id }]));

  return employees.map((employee) => ({
    employeeId: employee.id,
    cityCode: poolingRegionOf(employee.workCityCode),
    employment: employmentFrom(employee.hireDate, eventsByEmployee.get(employee.id) ?? [], monthEnd),
    payrollByYear: yearsByEmployee.get(employee.id) ?? new Map(),
    firstPayroll: firstByEmployee.get(employee.id) ?? null,
  }));
}

/** The latest hire on or before the month's end, and the first leave or termination after it. */
function employmentFrom(onboardingHireDate: string, events: { kind: string; date: string }[], monthEnd: string) {
  const hires = events.filter((event) => event.kind === 'HIRE' && event.date <= monthEnd);
  const hireDate = hires.at(-1)?.date ?? onboardingHireDate;
  const leave = events.find((event) => event.kind !== 'HIRE' && event.date >= hireDate);
  return { hireDate, leaveDate: leave?.date ?? null };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
