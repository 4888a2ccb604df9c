// PostgreSQL DATE columns come back from Prisma as Date objects at 00:00 UTC of that day; these two
// keep the conversion in one place so no caller shifts a business date by the +08:00 offset.

export function toDbDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

export function fromDbDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
