import { randomInt } from 'node:crypto';
import { addDays } from '../../domain/business-date';
import { computeCheckChar } from '../../domain/id-number';
import type { Database } from '../../prisma/client';

const issued = new Set<string>();

/** District codes of several provinces: the region part only has to exist, and spreads numbers apart. */
const REGIONS = [
  '430102', '430103', '430104', '430105', '430111', '430112', '440103', '440104', '440105', '440106',
  '420102', '420103', '420104', '330102', '330105', '330106', '110101', '110102', '110105', '110108',
];

/**
 * A valid ID number for a new person. Tests share one database within a run, so a number used twice
 * would reach another test's employee: the region, birth date and sequence are drawn at random from
 * about 10^8 combinations, and callers that write people check the database as well (see hire()).
 */
export function uniqueIdNumber(options: { gender?: 'MALE' | 'FEMALE'; region?: string; birthDate?: string } = {}): string {
  const region = options.region ?? REGIONS[randomInt(REGIONS.length)]!;
  const birth = (options.birthDate ?? addDays('1965-01-01', randomInt(12_800))).replaceAll('-', '');
  const wantOdd = (options.gender ?? 'MALE') === 'MALE';
  const sequence = randomInt(500) * 2 + (wantOdd ? 1 : 0);
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  const candidate = first17 + computeCheckChar(first17);
  if (issued.has(candidate)) return uniqueIdNumber(options);
  issued.add(candidate);
  return candidate;
}

/** A number no person or onboarding in the test database has yet. */
export async function unusedIdNumber(db: Database, options: Parameters<typeof uniqueIdNumber>[0] = {}): Promise<string> {
  for (;;) {
    const idNumber = uniqueIdNumber(options);
    const [employees, cases] = await Promise.all([
      db.employee.count({ where: { idNumber } }),
      db.onboardingCase.count({ where: { submittedIdNumber: idNumber } }),
    ]);
    if (employees === 0 && cases === 0) return idNumber;
  }
}
