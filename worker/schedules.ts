import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';

export const SCHEDULE_IDS = { monthEndCleanup: 'month-end-cleanup', policySync: 'policy-sync' } as const;
export type ScheduleId = (typeof SCHEDULE_IDS)[keyof typeof SCHEDULE_IDS];
export const SCHEDULE_ID_LIST: readonly ScheduleId[] = Object.values(SCHEDULE_IDS);

const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

/**
 * Month-end cleanup runs on the 1st at 02:00 for the month just ended (the server's calendar has no
 * "last day", and a run after midnight sees the whole month); the policy feed is read daily at 06:00,
 * well within the 24 hours a published change must take to reach us. A run still going when the
 * next is due is skipped; runs missed while the server was down catch up within a day.
 */
export function scheduleDefinitions(taskQueue: string): ScheduleOptions[] {
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day', pauseOnFailure: false } as const;
  return [
    {
      scheduleId: SCHEDULE_IDS.monthEndCleanup,
      spec: { calendars: [{ dayOfMonth: 1, hour: 2, minute: 0, comment: '每月1日 02:00 清理上月数据' }], timezone: BUSINESS_TIME_ZONE },
      action: { type: 'startWorkflow', workflowType: 'monthEndCleanupWorkflow', workflowId: SCHEDULE_IDS.monthEndCleanup, taskQueue, args: [{}] },
      policies,
      memo: { description: '月末数据清理:重复员工、离职未停保、转移状态同步、超期事项' },
    },
    {
      scheduleId: SCHEDULE_IDS.policySync,
      spec: { calendars: [{ hour: 6, minute: 0, comment: '每日 06:00 读取政策源' }], timezone: BUSINESS_TIME_ZONE },
      action: { type: 'startWorkflow', workflowType: 'policySyncWorkflow', workflowId: SCHEDULE_IDS.policySync, taskQueue, args: [{}] },
      policies,
      memo: { description: '每日政策同步:读取政策源,生成待审批的政策变更' },
    },
  ];
}

/** Creates the schedules, or brings existing ones to this definition (keeping whether they are paused). */
export async function ensureSchedules(client: Client, options: { taskQueue: string }): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [];
  const updated: string[] = [];
  for (const definition of scheduleDefinitions(options.taskQueue)) {
    try {
      await client.schedule.create(definition);
      created.push(definition.scheduleId);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule.getHandle(definition.scheduleId).update((previous) => ({
        ...previous,
        spec: definition.spec,
        action: definition.action,
        policies: { ...previous.policies, ...definition.policies },
      }));
      updated.push(definition.scheduleId);
    }
  }
  return { created, updated };
}
