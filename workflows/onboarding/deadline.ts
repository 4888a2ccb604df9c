import { addDays, endOfShanghaiDay } from '../../domain/business-date';

/** 社会保险法 §58: enrollment is due within 30 days of the start of employment. */
export const ENROLLMENT_DEADLINE_DAYS = 30;

export function enrollmentDeadlineDate(hireDate: string): string {
  return addDays(hireDate, ENROLLMENT_DEADLINE_DAYS);
}

export function enrollmentDeadlineInstant(hireDate: string): Date {
  return endOfShanghaiDay(enrollmentDeadlineDate(hireDate));
}
