export const ONBOARDING_TASK_QUEUE = 'shebao-onboarding';
/** Transfers render PDFs and wait for weeks: their own queue lets them scale apart from onboardings. */
export const TRANSFER_TASK_QUEUE = 'shebao-transfers';
