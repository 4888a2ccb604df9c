import { randomUUID } from 'node:crypto';
import { overlappingVersions, policyProblems, samePolicyKey, type PolicyProblem, type PolicyTerms } from '../domain/contributions/policy';
import type { Database } from './client';
import { toDbDate } from './dates';
import { loadPolicyVersions, toPolicyVersion, type StoredPolicyVersion } from './policy-versions';

/** Why a version was not written: its terms are wrong, or its dates collide with a version in force. */
export class PolicyRejectedError extends Error {
  constructor(
    readonly reason: 'INVALID' | 'OVERLAP',
    readonly problems: PolicyProblem[],
  ) {
    super(reason === 'INVALID' ? '政策条款有误' : '与已有政策版本的生效期重叠');
  }
}

export interface NewPolicyVersion {
  /** A caller that may retry (an activity) passes its own deterministic id. */
  id?: string;
  terms: PolicyTerms;
  source: string;
  note: string;
  createdBy: string;
  /** A correction: the version in force with the same key and start is superseded instead of colliding. */
  supersedesSameStart?: boolean;
}

/**
 * Writes a version after checking its terms and its dates against the versions in force, one
 * writer per city at a time so that two overlapping versions cannot both pass. Shared by the API
 * (HR enters a version) and the policy feed (HR approves a proposal).
 */
export async function insertPolicyVersion(db: Database, version: NewPolicyVersion): Promise<StoredPolicyVersion> {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', `policy:${version.terms.cityCode}`);
    const problems = policyProblems(version.terms);
    if (problems.length > 0) throw new PolicyRejectedError('INVALID', problems);
    const existing = await loadPolicyVersions(tx, version.terms.cityCode);
    const replaced = version.supersedesSameStart
      ? existing.find((candidate) => samePolicyKey(candidate, version.terms) && candidate.effectiveFrom === version.terms.effectiveFrom)
      : undefined;
    const conflicts = overlappingVersions(existing.filter((candidate) => candidate !== replaced), version.terms);
    if (conflicts.length > 0) {
      throw new PolicyRejectedError(
        'OVERLAP',
        conflicts.map((conflict) => ({ field: 'effectiveFrom', message: `与版本 ${conflict.id}(${conflict.effectiveFrom} 至 ${conflict.effectiveTo ?? '长期'})重叠` })),
      );
    }
    const id = version.id ?? `policy-${randomUUID()}`;
    if (replaced) await tx.policyVersion.update({ where: { id: replaced.id }, data: { supersededById: id } });
    const { terms } = version;
    const row = await tx.policyVersion.create({
      data: {
        id,
        cityCode: terms.cityCode,
        insuranceType: terms.insuranceType,
        industryClass: terms.industryClass,
        effectiveFrom: toDbDate(terms.effectiveFrom),
        effectiveTo: terms.effectiveTo ? toDbDate(terms.effectiveTo) : null,
        employerRatePercent: terms.employerRatePercent,
        employeeRatePercent: terms.employeeRatePercent,
        baseFloor: terms.baseFloor,
        baseCap: terms.baseCap,
        roundingScale: terms.roundingScale,
        roundingMode: terms.roundingMode,
        hireCutoffDay: terms.hireMonth.cutoffDay,
        hireOnOrBefore: terms.hireMonth.onOrBefore,
        hireAfter: terms.hireMonth.after,
        leaveCutoffDay: terms.leaveMonth.cutoffDay,
        leaveOnOrBefore: terms.leaveMonth.onOrBefore,
        leaveAfter: terms.leaveMonth.after,
        baseSwitchMonth: terms.baseSwitchMonth,
        source: version.source,
        note: version.note,
        illustrative: false,
        createdBy: version.createdBy,
      },
    });
    return toPolicyVersion(row);
  });
}
