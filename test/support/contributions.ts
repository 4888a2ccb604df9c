import { randomUUID } from 'node:crypto';
import type { Database } from '../../prisma/client';
import { toDbDate } from '../../prisma/dates';
import { unusedIdNumber } from './id-numbers';

/** A company of its own per test: runs are per company, so tests never see each other's employees. */
export async function createCompany(db: Database, options: { industryClass?: number; hireCutoffDay?: number | null } = {}): Promise<string> {
  const id = `test-co-${randomUUID().slice(0, 8)}`;
  await db.company.create({ data: { id, name: '测试用人单位', industryClass: options.industryClass ?? 1, hireCutoffDay: options.hireCutoffDay ?? null } });
  return id;
}

export interface TestEmployee {
  id: string;
  idNumber: string;
}

/** An employee as onboarding leaves them, written directly: these tests are about what comes after. */
export async function createEmployee(db: Database, options: { companyId: string; workCityCode?: string; hireDate: string }): Promise<TestEmployee> {
  const idNumber = await unusedIdNumber(db);
  const id = `emp-${randomUUID()}`;
  await db.employee.create({
    data: {
      id,
      idNumber,
      name: '测试员工',
      gender: Number(idNumber[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
      birthDate: toDbDate(`${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`),
      workCityCode: options.workCityCode ?? '430100',
      hireDate: toDbDate(options.hireDate),
      status: 'ACTIVE',
      companyId: options.companyId,
    },
  });
  return { id, idNumber };
}

export function csv(header: string, rows: string[]): string {
  return [header, ...rows].join('\n') + '\n';
}

/** An onboarding case and its enrollment, as a finished onboarding leaves them. */
export async function enroll(db: Database, employee: TestEmployee, options: { cityCode?: string; effectiveMonth: string; caseStatus?: 'ENROLLED' | 'AWAITING_ORIGIN_STOP'; deadline?: string }): Promise<string> {
  const caseId = `case-${randomUUID()}`;
  await db.onboardingCase.create({
    data: {
      id: caseId,
      workflowId: `onboarding-${caseId}`,
      employeeId: employee.id,
      submittedName: '测试员工',
      submittedIdNumber: employee.idNumber,
      hireDate: toDbDate(`${options.effectiveMonth}-01`),
      workCityCode: options.cityCode ?? '430100',
      monthlyGrossWage: '10000.00',
      status: options.caseStatus ?? 'ENROLLED',
      enrollmentDeadline: toDbDate(options.deadline ?? `${options.effectiveMonth}-28`),
    },
  });
  if ((options.caseStatus ?? 'ENROLLED') !== 'ENROLLED') return caseId;
  const enrollmentId = `enr-${randomUUID()}`;
  await db.enrollment.create({
    data: { id: enrollmentId, employeeId: employee.id, caseId, cityCode: options.cityCode ?? '430100', kind: 'CONTINUING', insuranceTypes: ['PENSION'], effectiveMonth: options.effectiveMonth },
  });
  return enrollmentId;
}
