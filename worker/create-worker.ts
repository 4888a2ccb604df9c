import { encryptedDataConverter } from './payload-codec';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createOnboardingActivities } from '../activities/onboarding';
import { createTransferActivities } from '../activities/transfer';
import { createEsignClient } from '../activities/adapters/esign-client';
import { createOriginAgencyClient } from '../activities/adapters/origin-agency-client';
import { createBenchActivities } from '../activities/bench';
import { createContributionRunActivities } from '../activities/contribution-run';
import { createPolicyAdjustmentActivities } from '../activities/policy-adjustment';
import { createNationalRecordsClient } from '../activities/adapters/national-records-client';
import { createPolicyFeedClient } from '../activities/adapters/policy-feed-client';
import { createCaseActivities } from '../activities/cleanup-cases';
import { createDepartureActivities } from '../activities/cleanup-departures';
import { createDuplicateActivities } from '../activities/cleanup-duplicates';
import { createCleanupRunActivities } from '../activities/cleanup-run';
import { createPolicySyncActivities } from '../activities/policy-sync';
import type { Database } from '../prisma/client';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  db: Database;
  nationalRecordsUrl: string;
  nationalRecordsTimeoutMs?: number;
  originAgencyUrl: string;
  esignUrl: string;
  remoteTimeoutMs?: number;
  publicApiUrl: string;
  employerName: string;
  /** PAYLOAD_ENCRYPTION_KEYS (id:base64,…); the development key when absent. */
  payloadKeys?: string;
  /** The vendor's policy feed; the simulator on 4040 by default. */
  policyFeedUrl?: string;
  /** A pre-built bundle (production, tests); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  tuning?: Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>;
}

export type ActivityDeps = Pick<
  WorkerDeps,
  'db' | 'nationalRecordsUrl' | 'nationalRecordsTimeoutMs' | 'originAgencyUrl' | 'esignUrl' | 'remoteTimeoutMs' | 'publicApiUrl' | 'employerName' | 'policyFeedUrl'
>;

export function createActivities(deps: ActivityDeps) {
  const nationalRecords = createNationalRecordsClient({
    baseUrl: deps.nationalRecordsUrl,
    timeoutMs: deps.nationalRecordsTimeoutMs ?? 10_000,
  });
  const timeoutMs = deps.remoteTimeoutMs ?? 10_000;
  const agency = createOriginAgencyClient({ baseUrl: deps.originAgencyUrl, timeoutMs });
  const feed = createPolicyFeedClient({ baseUrl: deps.policyFeedUrl ?? 'http://127.0.0.1:4040', timeoutMs });
  return {
    ...createOnboardingActivities({ db: deps.db, nationalRecords }),
    ...createTransferActivities({
      db: deps.db,
      agency,
      esign: createEsignClient({ baseUrl: deps.esignUrl, timeoutMs }),
      publicApiUrl: deps.publicApiUrl,
      employerName: deps.employerName,
    }),
    ...createContributionRunActivities({ db: deps.db }),
    ...createPolicyAdjustmentActivities({ db: deps.db }),
    ...createCleanupRunActivities({ db: deps.db }),
    ...createDuplicateActivities({ db: deps.db }),
    ...createDepartureActivities({ db: deps.db }),
    ...createCaseActivities({ db: deps.db, agency }),
    ...createPolicySyncActivities({ db: deps.db, feed }),
    ...createBenchActivities(),
  };
}

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    dataConverter: encryptedDataConverter(deps.payloadKeys),
    namespace: deps.namespace ?? 'default',
    taskQueue: deps.taskQueue,
    activities: createActivities(deps),
    ...(deps.workflowBundlePath
      ? { workflowBundle: { codePath: deps.workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') }),
    ...deps.tuning,
  });
}
