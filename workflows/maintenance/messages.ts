import { defineQuery, defineUpdate } from '@temporalio/workflow';

export const POLICY_DECISIONS = ['APPROVE', 'REJECT'] as const;

export interface PolicyDecision {
  kind: (typeof POLICY_DECISIONS)[number];
  decidedBy: string;
  /** Required to reject. */
  reason?: string;
}

export interface PolicyProposalState {
  proposalId: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  reminders: number;
  decision?: PolicyDecision & { at: string };
  policyVersionId?: string;
  adjustmentWorkflowId?: string;
  /** Why the last approval could not be applied (the proposal stays pending). */
  lastError?: string;
}

export const policyDecisionUpdate = defineUpdate<PolicyProposalState, [PolicyDecision]>('policyDecision');
export const policyProposalStateQuery = defineQuery<PolicyProposalState>('policyProposalState');
