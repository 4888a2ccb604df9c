import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import type { InsuranceType } from '../domain/contributions/insurance-types';
import type { MonthRule, PolicyTerms, RoundingMode } from '../domain/contributions/policy';

// The illustrative policies of the seeded cities ship with the schema: a new database can run a
// month at once. Rows are inserted once by id and never overwritten, so a version HR corrected by
// adding a newer one stays as it was.

interface SeedVersion {
  effectiveFrom: string;
  baseFloor: string;
  baseCap: string;
  baseSwitchMonth: number;
  rates: Partial<Record<InsuranceType, [string, string]>>;
  source: string;
  note: string;
}

interface SeedFile {
  defaults: { roundingScale: number; roundingMode: RoundingMode; hireMonth: MonthRule; leaveMonth: MonthRule; workInjuryRatesByClass: string[] };
  cities: { cityCode: string; cityName: string; versions: SeedVersion[] }[];
}

export interface SeedPolicyRow extends PolicyTerms {
  id: string;
  source: string;
  note: string;
}

function seedFilePath(): string {
  // Compiled code runs from dist/prisma, sources from prisma/.
  const candidates = [join(__dirname, 'seed', 'policy-versions.json'), join(__dirname, '..', '..', 'prisma', 'seed', 'policy-versions.json')];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`policy seed file not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function seedPolicyRows(): SeedPolicyRow[] {
  const seed = JSON.parse(readFileSync(seedFilePath(), 'utf8')) as SeedFile;
  const { workInjuryRatesByClass, ...shared } = seed.defaults;
  return seed.cities.flatMap((city) =>
    city.versions.flatMap((version) => {
      const common = {
        ...shared,
        cityCode: city.cityCode,
        effectiveFrom: version.effectiveFrom,
        effectiveTo: null,
        baseFloor: version.baseFloor,
        baseCap: version.baseCap,
        baseSwitchMonth: version.baseSwitchMonth,
        source: version.source,
        note: version.note,
      };
      const byType = Object.entries(version.rates).map(([insuranceType, [employer, employee]]) => ({
        ...common,
        id: `seed-${city.cityCode}-${insuranceType}-${version.effectiveFrom}`,
        insuranceType: insuranceType as InsuranceType,
        industryClass: null,
        employerRatePercent: employer,
        employeeRatePercent: employee,
      }));
      const workInjury = workInjuryRatesByClass.map((rate, index) => ({
        ...common,
        id: `seed-${city.cityCode}-WORK_INJURY-${index + 1}-${version.effectiveFrom}`,
        insuranceType: 'WORK_INJURY' as const,
        industryClass: index + 1,
        employerRatePercent: rate,
        employeeRatePercent: '0',
      }));
      return [...byType, ...workInjury];
    }),
  );
}

export async function seedPolicyVersions(client: Client): Promise<number> {
  const rows = seedPolicyRows();
  const column = <K extends keyof SeedPolicyRow>(key: K) => rows.map((row) => row[key]);
  const result = await client.query(
    `INSERT INTO "PolicyVersion" ("id", "cityCode", "insuranceType", "industryClass", "effectiveFrom", "employerRatePercent",
       "employeeRatePercent", "baseFloor", "baseCap", "roundingScale", "roundingMode", "hireCutoffDay", "hireOnOrBefore", "hireAfter",
       "leaveCutoffDay", "leaveOnOrBefore", "leaveAfter", "baseSwitchMonth", "source", "note", "illustrative", "createdBy")
     SELECT id, city, type, class, from_date, employer, employee, floor, cap, scale, mode, hire_day, hire_before, hire_after,
       leave_day, leave_before, leave_after, switch_month, source, note, true, 'seed'
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::date[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[],
       $10::int[], $11::text[], $12::int[], $13::text[], $14::text[], $15::int[], $16::text[], $17::text[], $18::int[], $19::text[], $20::text[])
       AS seed(id, city, type, class, from_date, employer, employee, floor, cap, scale, mode, hire_day, hire_before, hire_after,
         leave_day, leave_before, leave_after, switch_month, source, note)
     ON CONFLICT DO NOTHING`,
    [
      column('id'),
      column('cityCode'),
      column('insuranceType'),
      column('industryClass'),
      column('effectiveFrom'),
      column('employerRatePercent'),
      column('employeeRatePercent'),
      column('baseFloor'),
      column('baseCap'),
      column('roundingScale'),
      column('roundingMode'),
      rows.map((row) => row.hireMonth.cutoffDay),
      rows.map((row) => row.hireMonth.onOrBefore),
      rows.map((row) => row.hireMonth.after),
      rows.map((row) => row.leaveMonth.cutoffDay),
      rows.map((row) => row.leaveMonth.onOrBefore),
      rows.map((row) => row.leaveMonth.after),
      column('baseSwitchMonth'),
      column('source'),
      column('note'),
    ],
  );
  return result.rowCount ?? 0;
}
