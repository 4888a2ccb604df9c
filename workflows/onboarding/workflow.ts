import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type * as activities from '../../activities/onboarding';
import { classifyRecords, type ClassificationResult } from '../../domain/classification';
import { shanghaiMonth } from '../../domain/business-date';
import { poolingRegionOf } from '../../domain/regions';
import { CITY, EMPLOYEE_ID, ONBOARDING_STATUS, TRANSFER_STATUS } from '../search-attributes';
import { pensionTransferWorkflowId } from '../transfer/ids';
import { pensionTransferWorkflow } from '../transfer/workflow';
import { DATABASE_ACTIVITY_OPTIONS, NATIONAL_RECORDS_ACTIVITY_OPTIONS } from './activity-options';
import { enrollmentDeadlineDate, enrollmentDeadlineInstant } from './deadline';
import {
  hrDecisionUpdate,
  onboardingStateQuery,
  type HrDecision,
  type OnboardingInput,
  type OnboardingState,
  type OnboardingStatus,
} from './messages';

type OnboardingActivities = ReturnType<typeof activities.createOnboardingActivities>;

const DEFAULT_RECHECK_INTERVAL = '6 hours';
/** Well under Temporal's 50k-event limit; continue-as-new keeps the wait cheap to replay. */
const DEFAULT_HISTORY_LIMIT = 2_000;

const db = proxyActivities<OnboardingActivities>(DATABASE_ACTIVITY_OPTIONS);
const platform = proxyActivities<OnboardingActivities>(NATIONAL_RECORDS_ACTIVITY_OPTIONS);

export async function employeeOnboardingWorkflow(input: OnboardingInput): Promise<OnboardingState> {
  const state: OnboardingState = input.resume ?? {
    status: 'RECEIVED',
    warnings: [],
    activeElsewhere: [],
    transferOrigins: [],
    enrollmentDeadline: enrollmentDeadlineDate(input.hireDate),
    deadlineMissed: false,
    lookups: 0,
    timeline: [],
  };
  let pendingDecision: HrDecision | undefined;
  // Carried across continue-as-new so that decision step keys stay unique.
  let decisionsApplied = state.decisionCount ?? 0;
  // A continued run is still waiting: a decision that arrives before its first turn is welcome.
  let waitingForOrigin = input.resume?.status === 'AWAITING_ORIGIN_STOP';

  setHandler(onboardingStateQuery, () => state);
  setHandler(
    hrDecisionUpdate,
    async (decision) => {
      pendingDecision = decision;
      const appliedBefore = decisionsApplied;
      await condition(() => decisionsApplied > appliedBefore);
      return state;
    },
    {
      validator: (decision) => {
        if (!waitingForOrigin || state.status !== 'AWAITING_ORIGIN_STOP') {
          throw new Error(`当前状态为 ${state.status},只有在等待原参保地停保时才能做出决定`);
        }
        if (pendingDecision) throw new Error('已有一个决定正在处理,请稍后再试');
        if (!decision.decidedBy?.trim()) throw new Error('缺少决定人');
      },
    },
  );

  const note = (step: string, message: string) => state.timeline.push({ at: new Date().toISOString(), step, message });
  const setStatus = (status: OnboardingStatus, publish = true) => {
    state.status = status;
    // Each upsert is a visibility write on the server; momentary phases are not worth one.
    if (publish) upsertSearchAttributes([{ key: ONBOARDING_STATUS, value: status }]);
  };
  const deadline = enrollmentDeadlineInstant(input.hireDate).getTime();
  const flagDeadlineIfPassed = async () => {
    if (state.deadlineMissed || Date.now() <= deadline) return;
    state.deadlineMissed = true;
    note('deadline-missed', `已超过参保期限 ${state.enrollmentDeadline}`);
    await db.flagDeadlineMissed({ caseId: input.caseId });
  };
  const applyClassification = (result: ClassificationResult) => {
    state.classification = result.classification;
    state.warnings = result.warnings;
    state.transferOrigins = result.transferOrigins;
    state.activeElsewhere = result.activeElsewhere.map((record) => ({
      cityCode: record.cityCode,
      cityName: record.cityName,
      insuranceType: record.insuranceType,
      monthsPaid: record.monthsPaid,
      firstMonth: record.firstMonth,
      lastMonth: record.lastMonth,
    }));
  };
  const lookUpAndClassify = async () => {
    state.lookups += 1;
    const records = await platform.lookUpNationalRecords({ caseId: input.caseId, lookupKey: `lookup-${state.lookups}` });
    note(`lookup-${state.lookups}`, `查询全国参保记录:${records.length} 条`);
    const result = classifyRecords(records, input.workCityCode);
    applyClassification(result);
    note('classified', `分类结果:${result.classification}`);
  };

  if (!input.resume) {
    // EmployeeId, City and OnboardingStatus=RECEIVED are set by whoever starts the workflow.
    await db.registerEmployee({ caseId: input.caseId });
    setStatus('REGISTERED', false);
    note('registered', '员工已登记');

    setStatus('LOOKING_UP');
    await lookUpAndClassify();
  }

  /** Records an HR decision and acts on it; CANCEL ends the onboarding. */
  const takeDecision = async (decision: HrDecision): Promise<'CANCELLED' | 'PROCEEDED' | 'RECHECK'> => {
    const number = decisionsApplied + 1;
    state.decision = { ...decision, at: new Date().toISOString() };
    await db.recordDecision({ caseId: input.caseId, decisionNumber: number, decision });
    note(`decision-${number}`, `HR 决定:${decision.kind}`);
    if (decision.kind === 'CANCEL') {
      await db.cancelOnboarding({ caseId: input.caseId, reason: decision.note });
      setStatus('CANCELLED');
      note('cancelled', '入职参保已取消');
      return 'CANCELLED';
    }
    if (decision.kind === 'PROCEED_AS_TRANSFER') {
      proceedAsTransfer(state);
      return 'PROCEEDED';
    }
    return 'RECHECK';
  };
  /** Lets the Update that carried `decision` return; a newer decision stays pending. */
  const settle = (decision: HrDecision) => {
    if (pendingDecision !== decision) return;
    pendingDecision = undefined;
    decisionsApplied += 1;
    state.decisionCount = decisionsApplied;
  };
  const finish = async () => {
    await condition(allHandlersFinished);
    return state;
  };

  const recheckEvery = msToNumber(input.originRecheckInterval ?? DEFAULT_RECHECK_INTERVAL);
  while (state.classification === 'ACTIVE_ELSEWHERE') {
    waitingForOrigin = true;
    if (state.status !== 'AWAITING_ORIGIN_STOP') {
      setStatus('AWAITING_ORIGIN_STOP');
      await db.recordClassification({
        caseId: input.caseId,
        status: 'AWAITING_ORIGIN_STOP',
        stepKey: `warning-${state.lookups}`,
        ...classificationFacts(state),
      });
    }
    const wakeAt = Math.min(Date.now() + recheckEvery, state.deadlineMissed ? Infinity : deadline + 1);
    state.nextRecheckAt = new Date(wakeAt).toISOString();
    await condition(() => pendingDecision !== undefined, Math.max(wakeAt - Date.now(), 1));
    state.nextRecheckAt = undefined;
    await flagDeadlineIfPassed();

    const decision = pendingDecision;
    const outcome = decision ? await takeDecision(decision) : 'RECHECK';
    if (outcome === 'RECHECK') await lookUpAndClassify();
    if (decision) settle(decision);
    if (outcome === 'CANCELLED') return finish();

    if (state.classification === 'ACTIVE_ELSEWHERE' && workflowInfo().historyLength > (input.historyLimit ?? DEFAULT_HISTORY_LIMIT)) {
      // A decision arriving now waits for this loop to take it, and the loop would wait for it to
      // finish: take it first, continue as new on a later turn.
      await condition(() => allHandlersFinished() || pendingDecision !== undefined);
      if (pendingDecision === undefined) await continueAsNew<typeof employeeOnboardingWorkflow>({ ...input, resume: state });
    }
  }

  waitingForOrigin = false; // from here on the validator refuses new decisions
  // A decision that arrived while the last re-check found the origin stopped: a cancellation still
  // stands; anything else has nothing left to decide.
  const lateDecision = pendingDecision;
  if (lateDecision) {
    if (lateDecision.kind === 'CANCEL') {
      await takeDecision(lateDecision);
      settle(lateDecision);
      return finish();
    }
    note('decision-moot', `HR 决定 ${lateDecision.kind} 到达时原参保地已停保,无需再作决定`);
    settle(lateDecision);
  }

  await flagDeadlineIfPassed();
  const classification = state.classification;
  if (!classification) throw ApplicationFailure.nonRetryable('classification missing after lookup', 'InvariantViolation');
  const kind = classification === 'NEW' ? 'NEW' : 'CONTINUING';
  const enrollment = await db.enroll({
    caseId: input.caseId,
    kind,
    late: state.deadlineMissed,
    ...classificationFacts(state),
  });
  state.enrollment = { kind, cityCode: input.workCityCode, effectiveMonth: enrollment.effectiveMonth, late: state.deadlineMissed };
  setStatus('ENROLLED');
  note('enrolled', kind === 'NEW' ? '已办理新参保' : '已按续保办理参保');
  await startPensionTransfers(input, state);
  return finish();
}

function classificationFacts(state: OnboardingState) {
  return {
    classification: state.classification ?? 'NEW',
    warnings: state.warnings,
    transferOrigins: state.transferOrigins,
  };
}

/**
 * HR confirmed that the origin stopped contributions (for example the previous employer's 减员
 * receipt) before the platform shows it: continue as a transfer from the pension records seen active.
 */
function proceedAsTransfer(state: OnboardingState): void {
  const origins = state.activeElsewhere.filter((record) => record.insuranceType === 'PENSION');
  state.transferOrigins = origins.map((record) => ({
    cityCode: record.cityCode,
    cityName: record.cityName,
    monthsPaid: record.monthsPaid,
    firstMonth: record.firstMonth,
    lastMonth: record.lastMonth ?? shanghaiMonth(new Date()),
  }));
  state.classification = origins.length > 0 ? 'TRANSFER_NEEDED' : 'CONTINUING';
}

/**
 * The one place where pension transfers begin: a child workflow per origin, abandoned on close so
 * that it runs on for weeks after the onboarding is done. Executions recorded before transfers
 * existed only noted the need (the patch keeps their replay deterministic).
 */
async function startPensionTransfers(input: OnboardingInput, state: OnboardingState): Promise<void> {
  if (state.transferOrigins.length === 0) return;
  const origins = state.transferOrigins.map((origin) => origin.cityCode);
  if (!patched('start-pension-transfer-children')) {
    state.transfer = { required: true, origins, status: 'PENDING_START' };
    return;
  }
  const workflowIds: string[] = [];
  for (const originCityCode of origins) {
    const workflowId = pensionTransferWorkflowId(input.employeeId, originCityCode);
    await startChild(pensionTransferWorkflow, {
      workflowId,
      parentClosePolicy: 'ABANDON',
      taskQueue: input.transferTaskQueue,
      args: [
        {
          transferId: workflowId,
          employeeId: input.employeeId,
          originCityCode,
          destinationCityCode: poolingRegionOf(input.workCityCode),
          onboardingCaseId: input.caseId,
          timings: input.transferTimings,
        },
      ],
      typedSearchAttributes: [
        { key: EMPLOYEE_ID, value: input.employeeId },
        { key: CITY, value: originCityCode },
        { key: TRANSFER_STATUS, value: 'DRAFT' },
      ],
    });
    workflowIds.push(workflowId);
  }
  state.transfer = { required: true, origins, status: 'STARTED', workflowIds };
}
