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
