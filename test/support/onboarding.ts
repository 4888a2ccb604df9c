import type { Duration } from '@temporalio/common';
import { shanghaiDate, addDays } from '../../domain/business-date';
import type { NationalRecord } from '../../domain/national-record';
import { parseIdNumber } from '../../domain/id-number';
import type { AppDeps } from '../../api/deps';
import { submitOnboarding } from '../../api/onboardings/submit';
import type { employeeOnboardingWorkflow } from '../../workflows';
import { TEST_EMPLOYEE_KEY_SECRET, type TestStack } from './stack';

export { TEST_EMPLOYEE_KEY_SECRET };
import { unusedIdNumber } from './id-numbers';

/** The API's dependencies as the test stack's own API server has them. */
export function appDeps(stack: TestStack, overrides: Partial<AppDeps> = {}): AppDeps {
  return stack.appDeps(overrides);
}

export interface HireOptions {
  records?: NationalRecord[];
  workCity?: string;
  hireDate?: string;
  recheck?: Duration;
  gender?: 'MALE' | 'FEMALE';
  birthDate?: string;
}

/** Loads the person's national records into the simulator and submits the hire as the API does. */
export async function hire(stack: TestStack, options: HireOptions = {}) {
  const idNumber = await unusedIdNumber(stack.db, { gender: options.gender, birthDate: options.birthDate });
  await stack.simulator.state.records.set(idNumber, options.records ?? []);
  const parsed = parseIdNumber(idNumber, shanghaiDate(new Date()));
  if (!parsed.ok) throw new Error('test generated an invalid ID number');
  const deps = appDeps(stack, options.recheck ? { originRecheckInterval: options.recheck } : {});
  const request = {
    name: '测试员工',
    idNumber: parsed.value,
    hireDate: options.hireDate ?? addDays(shanghaiDate(new Date()), -3),
    workCity: options.workCity ?? '430100',
    monthlyGrossWage: '10000.00',
  };
  const onboarding = await submitOnboarding(deps, request);
  const handle = stack.client.workflow.getHandle<typeof employeeOnboardingWorkflow>(onboarding.workflowId);
  return { idNumber, request, onboarding, handle, deps };
}

export function pensionRecord(overrides: Partial<NationalRecord>): NationalRecord {
  return {
    cityCode: '440100',
    cityName: '广州',
    insuranceType: 'PENSION',
    status: 'SUSPENDED',
    firstMonth: '2021-01',
    lastMonth: '2023-12',
    monthsPaid: 36,
    employer: '广州某某科技有限公司',
    ...overrides,
  };
}

/** Polls until `probe` answers; errors on the way (a query while the worker is busy) count as "not yet". */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: lastError });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
