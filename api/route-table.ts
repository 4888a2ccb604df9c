import { match } from 'path-to-regexp';
import { z } from 'zod';
import { auditQuerySchema, createUserSchema, loginSchema, serviceTokenSchema, updateUserSchema } from './schemas/auth';
import { contributionsQuerySchema, finalizeRunSchema, startRunSchema, summaryQuerySchema } from './schemas/contributions';
import { attendanceRowSchema, payrollRowSchema } from './schemas/feeds';
import { approveSchema, backfillSchema, findingsQuerySchema, mergeSchema, proposalsQuerySchema, rejectSchema, scheduleNoteSchema } from './schemas/maintenance';
import { hrDecisionSchema, onboardingRequestSchema } from './schemas/onboarding';
import { createPolicySchema } from './schemas/policy';
import { startTransferSchema, transferActionSchema, transferListQuerySchema } from './schemas/transfer';
import { workflowListQuerySchema } from './schemas/workflows';
import { payloadsSchema } from './routes/codec';
import { notificationsQuerySchema } from './routes/notifications';
import type { Permission } from './auth/roles';

export type Access = Permission | 'public' | 'signed-webhook';

export interface RouteEntry {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  access: Access;
  summary: string;
  /** Successful requests to this route write an audit entry for this entity. */
  audit?: string;
  /** The zod schemas the route validates with; the OpenAPI document is generated from them. */
  body?: z.ZodType;
  query?: z.ZodType;
  acceptsCsv?: boolean;
}

// Schemas that depend on today's date are documented as of a fixed day; only messages differ.
const DOCUMENTED_DAY = '2026-01-01';
const rows = (row: z.ZodType) => z.object({ rows: z.array(row) });

/**
 * Every route of the API, with who may call it. A request that matches no entry is answered 404
 * before any handler runs, so a route cannot exist without a declared permission.
 */
export const ROUTES: readonly RouteEntry[] = [
  { method: 'GET', path: '/healthz', access: 'public', summary: '存活检查' },
  { method: 'GET', path: '/readyz', access: 'public', summary: '就绪检查(数据库与 Temporal)' },
  { method: 'GET', path: '/metrics', access: 'public', summary: 'Prometheus 指标' },
  { method: 'GET', path: '/openapi.json', access: 'public', summary: 'OpenAPI 文档' },
  { method: 'GET', path: '/docs{/*asset}', access: 'public', summary: 'API 文档页面(Swagger UI)' },
  { method: 'POST', path: '/api/auth/token', access: 'public', summary: '登录,获取访问令牌', body: loginSchema },
  { method: 'POST', path: '/api/webhooks/esign', access: 'signed-webhook', summary: '电子签回调(HMAC 签名)' },

  { method: 'POST', path: '/api/onboardings', access: 'onboarding.write', summary: '提交入职参保', audit: 'OnboardingCase', body: onboardingRequestSchema(DOCUMENTED_DAY) },
  { method: 'GET', path: '/api/onboardings/:id', access: 'onboarding.read', summary: '入职参保详情' },
  { method: 'GET', path: '/api/onboardings/:id/state', access: 'onboarding.read', summary: '入职流程实时状态' },
  { method: 'POST', path: '/api/onboardings/:id/decisions', access: 'onboarding.write', summary: 'HR 决定', audit: 'OnboardingCase', body: hrDecisionSchema },
  { method: 'GET', path: '/api/employees/:id', access: 'employee.read', summary: '员工详情' },

  { method: 'POST', path: '/api/transfers', access: 'transfer.write', summary: '发起养老保险关系转移', audit: 'PensionTransfer', body: startTransferSchema },
  { method: 'GET', path: '/api/transfers', access: 'transfer.read', summary: '转移列表', query: transferListQuerySchema },
  { method: 'GET', path: '/api/transfers/:id', access: 'transfer.read', summary: '转移详情' },
  { method: 'GET', path: '/api/transfers/:id/form.pdf', access: 'transfer.read', summary: '转移申请表 PDF' },
  { method: 'POST', path: '/api/transfers/:id/actions', access: 'transfer.write', summary: 'HR 对转移的操作', audit: 'PensionTransfer', body: transferActionSchema },
  { method: 'GET', path: '/api/notifications', access: 'notification.read', summary: '待办与提醒', query: notificationsQuerySchema },

  { method: 'POST', path: '/api/payroll', access: 'feed.import', summary: '导入工资(JSON 或 CSV)', audit: 'PayrollImport', body: rows(payrollRowSchema(DOCUMENTED_DAY.slice(0, 7))), acceptsCsv: true },
  { method: 'POST', path: '/api/attendance', access: 'feed.import', summary: '导入考勤(JSON 或 CSV)', audit: 'AttendanceImport', body: rows(attendanceRowSchema(DOCUMENTED_DAY)), acceptsCsv: true },
  { method: 'POST', path: '/api/contribution-runs', access: 'contribution.run', summary: '计算某月缴费', audit: 'ContributionRun', body: startRunSchema(DOCUMENTED_DAY.slice(0, 7)) },
  { method: 'GET', path: '/api/contribution-runs/:id', access: 'contribution.read', summary: '缴费计算状态' },
  { method: 'POST', path: '/api/contribution-runs/:id/finalize', access: 'contribution.run', summary: '结算锁定某月', audit: 'ContributionRun', body: finalizeRunSchema },
  { method: 'GET', path: '/api/contributions', access: 'contribution.read', summary: '缴费明细', query: contributionsQuerySchema },
  { method: 'GET', path: '/api/contributions/summary', access: 'contribution.read', summary: '缴费汇总', query: summaryQuerySchema },
  { method: 'GET', path: '/api/policies/:city', access: 'policy.read', summary: '城市政策版本' },
  { method: 'POST', path: '/api/policies', access: 'policy.write', summary: '新增政策版本', audit: 'PolicyVersion', body: createPolicySchema },

  { method: 'GET', path: '/api/cleanup-reports', access: 'cleanup.read', summary: '月末清理报告列表' },
  { method: 'GET', path: '/api/cleanup-reports/:month', access: 'cleanup.read', summary: '月末清理报告', query: findingsQuerySchema },
  { method: 'POST', path: '/api/duplicates/:id/merge', access: 'duplicate.merge', summary: '合并重复员工', audit: 'Employee', body: mergeSchema },
  { method: 'GET', path: '/api/policy-proposals', access: 'proposal.read', summary: '政策变更提案', query: proposalsQuerySchema },
  { method: 'POST', path: '/api/policy-proposals/:id/approve', access: 'proposal.decide', summary: '批准政策变更', audit: 'PolicyProposal', body: approveSchema },
  { method: 'POST', path: '/api/policy-proposals/:id/reject', access: 'proposal.decide', summary: '驳回政策变更', audit: 'PolicyProposal', body: rejectSchema },
  { method: 'GET', path: '/api/policy-feed-syncs', access: 'proposal.read', summary: '政策源读取记录' },
  { method: 'GET', path: '/api/schedules', access: 'schedule.read', summary: '计划任务' },
  { method: 'GET', path: '/api/schedules/:id', access: 'schedule.read', summary: '计划任务详情' },
  { method: 'POST', path: '/api/schedules/:id/trigger', access: 'schedule.operate', summary: '立即运行计划任务', audit: 'Schedule' },
  { method: 'POST', path: '/api/schedules/:id/pause', access: 'schedule.operate', summary: '暂停计划任务', audit: 'Schedule', body: scheduleNoteSchema },
  { method: 'POST', path: '/api/schedules/:id/unpause', access: 'schedule.operate', summary: '恢复计划任务', audit: 'Schedule', body: scheduleNoteSchema },
  { method: 'POST', path: '/api/schedules/:id/backfill', access: 'schedule.operate', summary: '补跑计划任务', audit: 'Schedule', body: backfillSchema },

  { method: 'GET', path: '/api/workflows', access: 'workflow.read', summary: '流程列表(可见性查询)', query: workflowListQuerySchema },
  { method: 'GET', path: '/api/workflows/:id/history', access: 'workflow.read', summary: '流程事件历史' },
  { method: 'GET', path: '/api/audit', access: 'audit.read', summary: '审计日志', query: auditQuerySchema },
  { method: 'POST', path: '/codec/encode', access: 'payload.decode', summary: 'Temporal 载荷加密(codec server)', body: payloadsSchema },
  { method: 'POST', path: '/codec/decode', access: 'payload.decode', summary: 'Temporal 载荷解密(codec server)', body: payloadsSchema },
  { method: 'GET', path: '/api/users', access: 'user.manage', summary: '用户列表' },
  { method: 'POST', path: '/api/users', access: 'user.manage', summary: '新增用户', audit: 'User', body: createUserSchema },
  { method: 'PATCH', path: '/api/users/:id', access: 'user.manage', summary: '修改用户角色或停用', audit: 'User', body: updateUserSchema },
  { method: 'POST', path: '/api/service-tokens', access: 'user.manage', summary: '签发脚本用服务令牌', audit: 'ServiceToken', body: serviceTokenSchema },
];

const MATCHERS = ROUTES.map((route) => ({ route, matches: match(route.path, { decode: decodeURIComponent }) }));

export function findRoute(method: string, path: string): { route: RouteEntry; params: Record<string, unknown> } | undefined {
  const verb = method === 'HEAD' ? 'GET' : method;
  for (const { route, matches } of MATCHERS) {
    if (route.method !== verb) continue;
    const found = matches(path);
    if (found) return { route, params: found.params };
  }
  return undefined;
}
