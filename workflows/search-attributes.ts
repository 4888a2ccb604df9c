import { defineSearchAttributeKey } from '@temporalio/common';

// Registered on the dev server at start-up (scripts/temporal-dev-server.ts) and in production by
// the compose setup service; the API filters workflows with them.
export const EMPLOYEE_ID = defineSearchAttributeKey('EmployeeId', 'KEYWORD');
export const CITY = defineSearchAttributeKey('City', 'KEYWORD');
export const ONBOARDING_STATUS = defineSearchAttributeKey('OnboardingStatus', 'KEYWORD');
export const TRANSFER_STATUS = defineSearchAttributeKey('TransferStatus', 'KEYWORD');

export const CUSTOM_SEARCH_ATTRIBUTES = [EMPLOYEE_ID, CITY, ONBOARDING_STATUS, TRANSFER_STATUS] as const;
