import { randomUUID } from 'node:crypto';
import { employeeKey } from '../../api/employee-key';
import { onboardingWorkflowId } from '../../api/onboardings/submit';
import { addDays, shanghaiDate } from '../../domain/business-date';
import { Prisma, type Database } from '../../prisma/client';
import { toDbDate } from '../../prisma/dates';
import { enrollmentDeadlineDate } from '../../workflows/onboarding/deadline';
import { unusedIdNumber } from './id-numbers';

export interface TestCase {
  caseId: string;
  workflowId: string;
  employeeId: string;
  idNumber: string;
  hireDate: string;
}

/** Writes a case row the way api/onboardings/submit.ts does, without starting its workflow. */
export async function createCaseRow(
  db: Database,
  secret: string,
  options: { name?: string; gender?: 'MALE' | 'FEMALE'; birthDate?: string; workCity?: string } = {},
): Promise<TestCase> {
  const idNumber = await unusedIdNumber(db, { gender: options.gender, birthDate: options.birthDate });
  const employeeId = employeeKey(idNumber, secret);
  const hireDate = addDays(shanghaiDate(new Date()), -5);
  const caseId = `onb_${randomUUID()}`;
  const workflowId = onboardingWorkflowId(employeeId, hireDate);
  await db.onboardingCase.create({
    data: {
      id: caseId,
      workflowId,
      employeeId,
      submittedName: options.name ?? '测试员工',
      submittedIdNumber: idNumber,
      hireDate: toDbDate(hireDate),
      workCityCode: options.workCity ?? '430100',
      monthlyGrossWage: new Prisma.Decimal('10000.00'),
      enrollmentDeadline: toDbDate(enrollmentDeadlineDate(hireDate)),
    },
  });
  return { caseId, workflowId, employeeId, idNumber, hireDate };
}
