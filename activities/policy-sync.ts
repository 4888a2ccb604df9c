import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { policyChanges } from '../domain/contributions/policy-diff';
import { overlappingVersions, policyProblems, samePolicyKey, selectPolicyVersion, type PolicyTerms } from '../domain/contributions/policy';
import type { Database } from '../prisma/client';
import { toDbDate } from '../prisma/dates';
import { insertPolicyVersion, PolicyRejectedError } from '../prisma/policy-store';
import { loadPolicyVersions } from '../prisma/policy-versions';
import type { PolicyFeedClient } from './adapters/policy-feed-client';
import { policyFeedEntrySchema, termsOf, type PolicyFeedEntry } from './policy-feed-entry';

// The feed's reasons are read by HR: zod's own Chinese messages for the type errors.
const CHINESE_MESSAGES = z.locales.zhCN().localeError;

export interface FeedProblem {
  entry: number;
  field?: string;
  message: string;
}

export interface FeedReadResult {
  syncId: string;
  feedVersion: number;
  status: 'ACCEPTED' | 'REFUSED';
  problems: FeedProblem[];
  /** Proposals this read created; ones an earlier read created are not repeated. */
  newProposalIds: string[];
}

function proposalIdOf(entry: PolicyFeedEntry): string {
  // The parsed entry's keys follow the schema's order, so the same terms always hash the same.
  const digest = createHash('sha256').update(JSON.stringify(termsOf(entry))).digest('hex').slice(0, 16);
  return `policy-proposal-${entry.cityCode}-${entry.insuranceType}-${digest}`;
}

/** Every problem of a feed: entries that are not policies, terms out of range, dates that collide. */
function feedProblems(rawEntries: unknown[], existing: PolicyTerms[]): { entries: PolicyFeedEntry[]; problems: FeedProblem[] } {
  const entries: PolicyFeedEntry[] = [];
  const problems: FeedProblem[] = [];
  rawEntries.forEach((raw, index) => {
    const parsed = policyFeedEntrySchema.safeParse(raw, { error: CHINESE_MESSAGES });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ entry: index + 1, field: issue.path.join('.') || undefined, message: `格式错误:${issue.message}` });
      return;
    }
    const termProblems = policyProblems(termsOf(parsed.data));
    for (const problem of termProblems) problems.push({ entry: index + 1, field: problem.field, message: problem.message });
    if (termProblems.length > 0) return;
    const terms = termsOf(parsed.data);
    const clashWithFeed = overlappingVersions(entries.map(termsOf), terms);
    if (clashWithFeed.length > 0) problems.push({ entry: index + 1, field: 'effectiveFrom', message: '与同一政策源中的另一条目生效期重叠' });
    // Against what is in force: a same-start entry is a correction (a proposal), not a collision.
    const clashWithStored = overlappingVersions(existing, terms).filter((version) => version.effectiveFrom !== terms.effectiveFrom);
    for (const version of clashWithStored) {
      problems.push({ entry: index + 1, field: 'effectiveFrom', message: `与现行版本(${version.effectiveFrom} 至 ${version.effectiveTo ?? '长期'})的生效期重叠` });
    }
    entries.push(parsed.data);
  });
  return { entries, problems };
}

export function createPolicySyncActivities({ db, feed }: { db: Database; feed: PolicyFeedClient }) {
  return {
    /**
     * Reads the feed and, when every entry is valid, turns each change into a proposal for HR. A
     * feed with any bad entry is refused whole, with every reason, and changes nothing.
     */
    async readPolicyFeed({ syncId }: { syncId: string }): Promise<FeedReadResult> {
      const published = await feed.fetchFeed();
      const stored = await loadPolicyVersions(db);
      const { entries, problems } = feedProblems(published.entries, stored);
      const base = { id: syncId, feedVersion: published.feedVersion, publishedAt: published.publishedAt };
      if (problems.length > 0) {
        await db.policyFeedSync.upsert({ where: { id: syncId }, create: { ...base, status: 'REFUSED', problems: problems as unknown as object }, update: {} });
        return { syncId, feedVersion: published.feedVersion, status: 'REFUSED', problems, newProposalIds: [] };
      }

      const proposals = entries.flatMap((entry) => {
        const terms = termsOf(entry);
        const sameStart = stored.find((version) => samePolicyKey(version, terms) && version.effectiveFrom === terms.effectiveFrom);
        const follows = sameStart ?? selectPolicyVersion(stored, terms, terms.effectiveFrom);
        const changes = policyChanges(follows, terms);
        if (sameStart && changes.length === 0) return []; // already in force as published
        return [{
          id: proposalIdOf(entry),
          cityCode: terms.cityCode,
          insuranceType: terms.insuranceType,
          industryClass: terms.industryClass,
          effectiveFrom: toDbDate(terms.effectiveFrom),
          kind: sameStart ? 'CORRECTION' : 'NEW_VERSION',
          terms: { ...terms, source: entry.source } as unknown as object,
          changes: changes as unknown as object,
          currentVersionId: follows?.id ?? null,
          feedSyncId: syncId,
          status: 'PENDING',
        }];
      });
      const newProposalIds: string[] = [];
      await db.$transaction(async (tx) => {
        for (const proposal of proposals) {
          const created = await tx.policyProposal.createMany({ data: [proposal], skipDuplicates: true });
          if (created.count > 0) newProposalIds.push(proposal.id);
        }
        await tx.policyFeedSync.upsert({ where: { id: syncId }, create: { ...base, status: 'ACCEPTED', proposals: newProposalIds.length }, update: {} });
      });
      return { syncId, feedVersion: published.feedVersion, status: 'ACCEPTED', problems: [], newProposalIds };
    },

    /** The approved proposal becomes a version (once: its id is derived from the proposal). */
    async applyPolicyProposal({ proposalId, decidedBy }: { proposalId: string; decidedBy: string }): Promise<{ policyVersionId: string; effectiveFrom: string }> {
      const proposal = await db.policyProposal.findUnique({ where: { id: proposalId } });
      if (!proposal) throw ApplicationFailure.nonRetryable(`proposal ${proposalId} not found`, 'PolicyProposalNotFound');
      const versionId = `policy-from-${proposalId}`;
      const { source, ...terms } = proposal.terms as unknown as PolicyTerms & { source: string };
      const already = await db.policyVersion.findUnique({ where: { id: versionId } });
      if (!already) {
        try {
          await insertPolicyVersion(db, {
            id: versionId,
            terms,
            source,
            note: `政策源更新,由 ${decidedBy} 批准`,
            createdBy: decidedBy,
            supersedesSameStart: proposal.kind === 'CORRECTION',
          });
        } catch (error) {
          if (!(error instanceof PolicyRejectedError)) throw error;
          throw ApplicationFailure.nonRetryable(error.problems.map((problem) => problem.message).join(';'), 'PolicyProposalConflict');
        }
      }
      await db.policyProposal.update({ where: { id: proposalId }, data: { status: 'APPROVED', decidedBy, decidedAt: new Date(), policyVersionId: versionId } });
      return { policyVersionId: versionId, effectiveFrom: terms.effectiveFrom };
    },

    async rejectPolicyProposal({ proposalId, decidedBy, reason }: { proposalId: string; decidedBy: string; reason: string }): Promise<void> {
      await db.policyProposal.update({ where: { id: proposalId }, data: { status: 'REJECTED', decidedBy, decidedAt: new Date(), reason } });
    },

    /** A daily nudge while nobody decides; keyed by its number, so a retry does not nudge twice. */
    async remindPolicyProposal({ proposalId, reminder }: { proposalId: string; reminder: number }): Promise<void> {
      const proposal = await db.policyProposal.findUnique({ where: { id: proposalId } });
      if (!proposal || proposal.status !== 'PENDING') return;
      await db.$transaction([
        db.notification.upsert({
          where: { key: `${proposalId}:reminder-${reminder}` },
          create: {
            id: `${proposalId}:reminder-${reminder}`,
            key: `${proposalId}:reminder-${reminder}`,
            kind: 'POLICY_PROPOSAL_PENDING',
            title: '政策变更待审批',
            message: `${proposal.cityCode} ${proposal.insuranceType} 自 ${proposal.effectiveFrom.toISOString().slice(0, 10)} 起的政策变更仍待 HR 经理审批(第 ${reminder} 次提醒)`,
            entityType: 'PolicyProposal',
            entityId: proposalId,
          },
          update: {},
        }),
        db.policyProposal.update({ where: { id: proposalId }, data: { remindersSent: reminder } }),
      ]);
    },
  };
}
