export { employeeOnboardingWorkflow } from './onboarding/workflow';
export { bareOnboardingWorkflow } from './bench/bare';
