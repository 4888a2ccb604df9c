export const ONBOARDING_TASK_QUEUE = 'shebao-onboarding';
