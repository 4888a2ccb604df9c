export { employeeOnboardingWorkflow } from './onboarding/workflow';
