export { employeeOnboardingWorkflow } from './onboarding/workflow';
export { bareOnboardingWorkflow } from './bench/bare';
export { pensionTransferWorkflow } from './transfer/workflow';
export { contributionRunWorkflow } from './contributions/run-workflow';
export { policyAdjustmentWorkflow } from './contributions/adjustment-workflow';
