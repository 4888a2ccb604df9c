import type { ActivityOptions } from '@temporalio/workflow';

// Short timeouts: a worker that dies mid-activity delays the retry by at most this long.
export const DATABASE_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

export const NATIONAL_RECORDS_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    nonRetryableErrorTypes: ['NationalRecordsRejected'],
  },
};
