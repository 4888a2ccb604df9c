import type { Database } from '../../prisma/client';
import type { ErrorDetail } from '../errors';
import type { ValidRow } from './validate-rows';

/** A feed row names its employee by our employee id or by ID number (what payroll exports carry). */
export interface EmployeeReference {
  employeeId?: string;
  idNumber?: string;
}

export interface ResolvedEmployee {
  id: string;
  companyId: string;
}

export async function resolveEmployees<T extends EmployeeReference>(
  db: Database,
  rows: ValidRow<T>[],
): Promise<{ employees: Map<ValidRow<T>, ResolvedEmployee>; problems: ErrorDetail[] }> {
  const ids = [...new Set(rows.flatMap((row) => (row.data.employeeId ? [row.data.employeeId] : [])))];
  const idNumbers = [...new Set(rows.flatMap((row) => (row.data.idNumber ? [row.data.idNumber] : [])))];
  const found = await db.employee.findMany({
    where: { OR: [{ id: { in: ids } }, { idNumber: { in: idNumbers } }] },
    select: { id: true, idNumber: true, companyId: true },
  });
  const byId = new Map(found.map((employee) => [employee.id, employee]));
  const byIdNumber = new Map(found.map((employee) => [employee.idNumber, employee]));
  const employees = new Map<ValidRow<T>, ResolvedEmployee>();
  const problems: ErrorDetail[] = [];
  for (const row of rows) {
    const { employeeId, idNumber } = row.data;
    const employee = employeeId ? byId.get(employeeId) : idNumber ? byIdNumber.get(idNumber) : undefined;
    if (!employee) {
      problems.push({ line: row.line, field: employeeId ? 'employeeId' : 'idNumber', code: 'EMPLOYEE_NOT_FOUND', message: '员工不存在,请先办理入职' });
    } else if (employeeId && idNumber && employee.idNumber !== idNumber) {
      problems.push({ line: row.line, field: 'idNumber', code: 'EMPLOYEE_MISMATCH', message: '员工编号与身份证号码不是同一人' });
    } else {
      employees.set(row, { id: employee.id, companyId: employee.companyId });
    }
  }
  return { employees, problems };
}
