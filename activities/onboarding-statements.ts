import { randomUUID } from 'node:crypto';
import { Prisma } from '../prisma/client';

// The three writes every onboarding makes, each as one statement: Postgres runs a statement's
// CTEs atomically, so no transaction round trips are needed, and the hot path makes one database
// call per activity instead of five to eight (see the onboarding benchmark in the README).

export interface StepRow {
  key: string;
  type: string;
  message: string;
  detail?: object;
}

function insertSteps(caseId: string, steps: StepRow[]): Prisma.Sql {
  const rows = steps.map(
    (step) => Prisma.sql`(${randomUUID()}, ${caseId}, ${step.key}, ${step.type}, ${step.message}, ${JSON.stringify(step.detail ?? {})}::jsonb)`,
  );
  return Prisma.sql`INSERT INTO "OnboardingStep" ("id", "caseId", "key", "type", "message", "detail")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("caseId", "key") DO NOTHING`;
}

export interface EmployeeFacts {
  id: string;
  idNumber: string;
  name: string;
  gender: 'MALE' | 'FEMALE';
  birthDate: string;
  workCityCode: string;
  hireDate: string;
}

export function registerEmployeeStatement(caseId: string, employee: EmployeeFacts, step: StepRow): Prisma.Sql {
  return Prisma.sql`WITH employee AS (
      INSERT INTO "Employee" ("id", "idNumber", "name", "gender", "birthDate", "workCityCode", "hireDate", "updatedAt")
      VALUES (${employee.id}, ${employee.idNumber}, ${employee.name}, ${employee.gender}::"Gender", ${employee.birthDate}::date,
              ${employee.workCityCode}, ${employee.hireDate}::date, now())
      ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "gender" = EXCLUDED."gender", "birthDate" = EXCLUDED."birthDate",
        "workCityCode" = EXCLUDED."workCityCode", "hireDate" = EXCLUDED."hireDate", "updatedAt" = now()
    ), onboarding AS (
      UPDATE "OnboardingCase" SET "status" = 'REGISTERED', "updatedAt" = now() WHERE "id" = ${caseId} AND "status" = 'RECEIVED'
    )
    ${insertSteps(caseId, [step])}`;
}

export function saveLookupStatement(caseId: string, employeeId: string, lookupKey: string, records: unknown[], step: StepRow): Prisma.Sql {
  return Prisma.sql`WITH snapshot AS (
      INSERT INTO "NationalRecordSnapshot" ("id", "employeeId", "caseId", "lookupKey", "records", "recordCount")
      VALUES (${randomUUID()}, ${employeeId}, ${caseId}, ${lookupKey}, ${JSON.stringify(records)}::jsonb, ${records.length})
      ON CONFLICT ("caseId", "lookupKey") DO UPDATE SET "records" = EXCLUDED."records", "recordCount" = EXCLUDED."recordCount", "fetchedAt" = now()
    ), onboarding AS (
      UPDATE "OnboardingCase" SET "status" = 'LOOKING_UP', "updatedAt" = now() WHERE "id" = ${caseId} AND "status" = 'REGISTERED'
    )
    ${insertSteps(caseId, [step])}`;
}

export interface EnrollmentFacts {
  kind: 'NEW' | 'CONTINUING';
  insuranceTypes: readonly string[];
  late: boolean;
  classification: string;
  warnings: unknown[];
  transferOrigins: unknown[];
}

/** Returns the enrollment's effective month (the hire month), or no row when the case is unknown. */
export function enrollStatement(caseId: string, facts: EnrollmentFacts, steps: StepRow[]): Prisma.Sql {
  return Prisma.sql`WITH onboarding AS (
      UPDATE "OnboardingCase" SET "status" = 'ENROLLED', "classification" = ${facts.classification}::"Classification",
        "warnings" = ${JSON.stringify(facts.warnings)}::jsonb, "transferRequired" = ${facts.transferOrigins.length > 0},
        "transferOrigins" = ${JSON.stringify(facts.transferOrigins)}::jsonb,
        "completedAt" = COALESCE("completedAt", now()), "updatedAt" = now()
      WHERE "id" = ${caseId}
      RETURNING "employeeId", "workCityCode", to_char("hireDate", 'YYYY-MM') AS "effectiveMonth"
    ), enrollment AS (
      INSERT INTO "Enrollment" ("id", "employeeId", "caseId", "cityCode", "kind", "insuranceTypes", "effectiveMonth", "late")
      SELECT ${randomUUID()}, "employeeId", ${caseId}, "workCityCode", ${facts.kind}::"EnrollmentKind",
             ${[...facts.insuranceTypes]}::text[], "effectiveMonth", ${facts.late}
      FROM onboarding
      ON CONFLICT ("caseId") DO NOTHING
    ), employee AS (
      UPDATE "Employee" SET "status" = 'ACTIVE', "updatedAt" = now() WHERE "id" IN (SELECT "employeeId" FROM onboarding)
    ), steps AS (
      ${insertSteps(caseId, steps)}
    )
    SELECT "effectiveMonth" FROM onboarding`;
}
