import { WorkflowUpdateFailedError } from '@temporalio/client';
import { addDays, shanghaiDate } from '../../domain/business-date';
import { hrDecisionUpdate, onboardingStateQuery } from '../../workflows/onboarding/messages';
import { submitOnboarding } from '../../api/onboardings/submit';
import { startStack, type TestStack } from '../support/stack';
import { hire, pensionRecord, waitFor } from '../support/onboarding';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

async function searchAttributes(workflowId: string) {
  const description = await stack.client.workflow.getHandle(workflowId).describe();
  return Object.fromEntries(description.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]));
}

describe('EmployeeOnboardingWorkflow', () => {
  it('enrolls a person with no record anywhere as 新参保 (NEW)', async () => {
    const { handle, onboarding } = await hire(stack, { records: [] });
    const state = await handle.result();
    expect(state.status).toBe('ENROLLED');
    expect(state.classification).toBe('NEW');
    expect(state.enrollment?.kind).toBe('NEW');

    const enrollment = await stack.db.enrollment.findUniqueOrThrow({ where: { caseId: onboarding.id } });
    expect(enrollment.kind).toBe('NEW');
    expect(enrollment.cityCode).toBe('430100');
    const attributes = await searchAttributes(onboarding.workflowId);
    expect(attributes).toMatchObject({ OnboardingStatus: 'ENROLLED', City: '430100', EmployeeId: onboarding.employeeId });
  });

  it('enrolls 王女士 (36 months suspended in 广州) as 续保 and records the pension transfer', async () => {
    const { handle, onboarding } = await hire(stack, { gender: 'FEMALE', records: [pensionRecord({})] });
    const state = await handle.result();
    expect(state.classification).toBe('TRANSFER_NEEDED');
    expect(state.enrollment?.kind).toBe('CONTINUING');
    expect(state.transfer).toEqual({
      required: true,
      origins: ['440100'],
      status: 'STARTED',
      workflowIds: [`pension-transfer-${onboarding.employeeId}-440100`],
    });
    // The transfer runs on as its own workflow, abandoned by the finished onboarding.
    const transfer = await stack.client.workflow.getHandle(`pension-transfer-${onboarding.employeeId}-440100`).describe();
    expect(transfer.status.name).toBe('RUNNING');

    const saved = await stack.db.onboardingCase.findUniqueOrThrow({ where: { id: onboarding.id } });
    expect(saved.transferRequired).toBe(true);
    expect(saved.transferOrigins).toEqual([expect.objectContaining({ cityCode: '440100', monthsPaid: 36 })]);
    const steps = await stack.db.onboardingStep.findMany({ where: { caseId: onboarding.id } });
    expect(steps.map((step) => step.type)).toEqual(expect.arrayContaining(['REGISTERED', 'LOOKUP', 'ENROLLED', 'TRANSFER_REQUIRED']));
  });

  it('enrolls a person whose history is all in the same city as 续保 (CONTINUING)', async () => {
    const { handle } = await hire(stack, {
      records: [pensionRecord({ cityCode: '430102', cityName: '长沙', status: 'SUSPENDED', employer: '长沙某某公司' })],
    });
    const state = await handle.result();
    expect(state.classification).toBe('CONTINUING');
    expect(state.enrollment?.kind).toBe('CONTINUING');
    expect(state.transfer).toBeUndefined();
  });

  it('warns about a pension still paid in 武汉, waits, and goes on by itself once 武汉 stops it', async () => {
    const { handle, onboarding, idNumber } = await hire(stack, {
      records: [pensionRecord({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null })],
      recheck: '1 second',
    });
    const waiting = await waitFor(async () => {
      const state = await handle.query(onboardingStateQuery);
      return state.status === 'AWAITING_ORIGIN_STOP' ? state : undefined;
    });
    expect(waiting.warnings).toEqual([
      expect.objectContaining({ code: 'ACTIVE_ELSEWHERE', message: '该员工在武汉仍有在缴养老保险,请先办理转移手续' }),
    ]);
    // The query answers from workflow state; the database row and visibility follow within a task.
    await waitFor(async () => ((await searchAttributes(onboarding.workflowId)).OnboardingStatus === 'AWAITING_ORIGIN_STOP' ? true : undefined));
    await waitFor(async () => {
      const saved = await stack.db.onboardingCase.findUniqueOrThrow({ where: { id: onboarding.id } });
      return saved.status === 'AWAITING_ORIGIN_STOP' ? true : undefined;
    }, 20_000, 'the case row to show AWAITING_ORIGIN_STOP');
    expect(await stack.db.enrollment.count({ where: { caseId: onboarding.id } })).toBe(0);

    stack.simulator.state.records.set(idNumber, [
      pensionRecord({ cityCode: '420100', cityName: '武汉', status: 'SUSPENDED', lastMonth: '2026-10' }),
    ]);
    const state = await handle.result();
    expect(state.classification).toBe('TRANSFER_NEEDED');
    expect(state.status).toBe('ENROLLED');
    expect(state.lookups).toBeGreaterThanOrEqual(2);
    expect(state.transfer?.origins).toEqual(['420100']);
  });

  it('lets HR decide to proceed as a transfer while the origin still shows active', async () => {
    const { handle } = await hire(stack, {
      records: [pensionRecord({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null })],
      recheck: '1 hour',
    });
    await waitFor(async () => ((await handle.query(onboardingStateQuery)).status === 'AWAITING_ORIGIN_STOP' ? true : undefined));
    const afterDecision = await handle.executeUpdate(hrDecisionUpdate, {
      args: [{ kind: 'PROCEED_AS_TRANSFER', note: '原单位已出具减员证明', decidedBy: 'hr-manager-1' }],
    });
    expect(afterDecision.decision?.kind).toBe('PROCEED_AS_TRANSFER');
    const state = await handle.result();
    expect(state.classification).toBe('TRANSFER_NEEDED');
    expect(state.enrollment?.kind).toBe('CONTINUING');
    expect(state.transferOrigins).toEqual([expect.objectContaining({ cityCode: '420100' })]);
  });

  it('cancels on an HR decision and enrolls nobody', async () => {
    const { handle, onboarding } = await hire(stack, {
      records: [pensionRecord({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null })],
      recheck: '1 hour',
    });
    await waitFor(async () => ((await handle.query(onboardingStateQuery)).status === 'AWAITING_ORIGIN_STOP' ? true : undefined));
    await handle.executeUpdate(hrDecisionUpdate, { args: [{ kind: 'CANCEL', note: '候选人放弃入职', decidedBy: 'hr-manager-1' }] });
    const state = await handle.result();
    expect(state.status).toBe('CANCELLED');
    expect(await stack.db.enrollment.count({ where: { caseId: onboarding.id } })).toBe(0);
    expect((await stack.db.onboardingCase.findUniqueOrThrow({ where: { id: onboarding.id } })).status).toBe('CANCELLED');
  });

  it('refuses an HR decision when nothing is waiting for one', async () => {
    const { handle } = await hire(stack, { records: [pensionRecord({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null })], recheck: '1 hour' });
    // Before the lookup the validator has nothing to decide on; afterwards it accepts.
    const early = handle.executeUpdate(hrDecisionUpdate, { args: [{ kind: 'RECHECK_NOW', note: 'x', decidedBy: '' }] });
    await expect(early).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await waitFor(async () => ((await handle.query(onboardingStateQuery)).status === 'AWAITING_ORIGIN_STOP' ? true : undefined));
    await handle.executeUpdate(hrDecisionUpdate, { args: [{ kind: 'CANCEL', note: '清理', decidedBy: 'hr' }] });
    await handle.result();
    const { handle: done } = await hire(stack, { records: [] });
    await done.result();
  });

  it('flags the 30-day enrollment deadline when it has passed', async () => {
    const hireDate = addDays(shanghaiDate(new Date()), -40);
    const { handle, onboarding } = await hire(stack, {
      hireDate,
      records: [pensionRecord({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null })],
      recheck: '1 hour',
    });
    const flagged = await waitFor(async () => ((await handle.query(onboardingStateQuery)).deadlineMissed ? true : undefined));
    expect(flagged).toBe(true);
    await waitFor(async () => {
      const saved = await stack.db.onboardingCase.findUniqueOrThrow({ where: { id: onboarding.id } });
      return saved.deadlineMissed ? true : undefined;
    }, 20_000, 'the case row to flag the missed deadline');
    await handle.executeUpdate(hrDecisionUpdate, { args: [{ kind: 'PROCEED_AS_TRANSFER', note: '补办', decidedBy: 'hr' }] });
    const state = await handle.result();
    expect(state.enrollment?.late).toBe(true);
  });

  it('reaches one execution and one case when the same hire is submitted twice', async () => {
    const first = await hire(stack, { records: [] });
    const again = await submitOnboarding(first.deps, first.request);
    expect(again.id).toBe(first.onboarding.id);
    const firstRun = (await first.handle.describe()).runId;
    await first.handle.result();
    const third = await submitOnboarding(first.deps, first.request);
    expect(third.id).toBe(first.onboarding.id);
    expect((await stack.client.workflow.getHandle(first.onboarding.workflowId).describe()).runId).toBe(firstRun);
    expect(await stack.db.onboardingCase.count({ where: { employeeId: first.onboarding.employeeId } })).toBe(1);
    expect(await stack.db.enrollment.count({ where: { employeeId: first.onboarding.employeeId } })).toBe(1);
  });

  it('retries through platform faults and never mistakes them for an empty history', async () => {
    // Every answer is a 503 or a broken body until the platform recovers.
    stack.simulator.state.globalFaults = { latencyMs: 0, errorRate: 0.5, timeoutRate: 0, malformedRate: 1 };
    try {
      const { handle, idNumber } = await hire(stack, { records: [pensionRecord({})] });
      await waitFor(async () => ((stack.simulator.state.lookups.get(idNumber) ?? 0) >= 3 ? true : undefined), 20_000, 'three failed lookups');
      expect((await handle.query(onboardingStateQuery)).status).toBe('LOOKING_UP');
      stack.simulator.state.globalFaults = { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 };
      const state = await handle.result();
      expect(state.classification).toBe('TRANSFER_NEEDED');
    } finally {
      stack.simulator.state.globalFaults = { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 };
    }
  });
});
