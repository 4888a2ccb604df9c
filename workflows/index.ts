export { employeeOnboardingWorkflow } from './onboarding/workflow';
export { bareOnboardingWorkflow } from './bench/bare';
export { pensionTransferWorkflow } from './transfer/workflow';
export { contributionRunWorkflow } from './contributions/run-workflow';
export { policyAdjustmentWorkflow } from './contributions/adjustment-workflow';
export { monthEndCleanupWorkflow } from './maintenance/cleanup-workflow';
export { policySyncWorkflow, policyProposalWorkflow } from './maintenance/policy-workflows';
