export { employeeOnboardingWorkflow } from './onboarding/workflow';
export { bareOnboardingWorkflow } from './bench/bare';
export { pensionTransferWorkflow } from './transfer/workflow';
