import { randomUUID } from 'node:crypto';
import type { Database } from '../../prisma/client';
import { ApiError, notFound } from '../errors';

const MERGEABLE = new Set(['DUPLICATE_ID_NUMBER', 'SAME_PERSON_DIFFERENT_ID']);

/**
 * HR's answer to a duplicate finding: every other record of the person is merged into the one kept.
 * Payroll, attendance and enrollments move over where the kept record has nothing for the same month
 * or day; what would collide stays with the merged record, which is marked, never deleted, and its
 * previous state is kept in EmployeeMerge.
 */
export async function mergeDuplicates(db: Database, findingId: string, keepEmployeeId: string, mergedBy: string) {
  return db.$transaction(async (tx) => {
    const [finding] = await tx.$queryRawUnsafe<{ id: string; kind: string; status: string; employeeIds: string[] }[]>(
      `SELECT id, kind, status, "employeeIds" FROM "CleanupFinding" WHERE id = $1 FOR UPDATE`,
      findingId,
    );
    if (!finding || !MERGEABLE.has(finding.kind)) throw notFound('重复员工记录');
    if (finding.status !== 'OPEN') throw new ApiError(409, 'FINDING_RESOLVED', '该重复记录已处理');
    if (!finding.employeeIds.includes(keepEmployeeId)) {
      throw new ApiError(400, 'VALIDATION_FAILED', '请求参数有误', [{ field: 'keepEmployeeId', code: 'NOT_IN_FINDING', message: '保留的员工不在该重复记录中' }]);
    }
    const merged: { employeeId: string; moved: Record<string, number> }[] = [];
    for (const employeeId of finding.employeeIds.filter((id) => id !== keepEmployeeId)) {
      const before = await tx.employee.findUnique({ where: { id: employeeId } });
      if (!before || before.mergedIntoId) continue;
      const moved = {
        payroll: await tx.$executeRawUnsafe(
          `UPDATE "PayrollEntry" p SET "employeeId" = $1 WHERE p."employeeId" = $2
             AND NOT EXISTS (SELECT 1 FROM "PayrollEntry" k WHERE k."employeeId" = $1 AND k.month = p.month)`,
          keepEmployeeId,
          employeeId,
        ),
        attendance: await tx.$executeRawUnsafe(
          `UPDATE "AttendanceEvent" a SET "employeeId" = $1 WHERE a."employeeId" = $2
             AND NOT EXISTS (SELECT 1 FROM "AttendanceEvent" k WHERE k."employeeId" = $1 AND k.kind = a.kind AND k.date = a.date)`,
          keepEmployeeId,
          employeeId,
        ),
        enrollments: await tx.$executeRawUnsafe(`UPDATE "Enrollment" SET "employeeId" = $1 WHERE "employeeId" = $2`, keepEmployeeId, employeeId),
      };
      await tx.employee.update({ where: { id: employeeId }, data: { mergedIntoId: keepEmployeeId } });
      await tx.employeeMerge.create({
        data: { id: randomUUID(), findingId, keptEmployeeId: keepEmployeeId, mergedEmployeeId: employeeId, mergedBy, before: { ...before, moved } as unknown as object },
      });
      merged.push({ employeeId, moved });
    }
    await tx.cleanupFinding.update({
      where: { id: findingId },
      data: { status: 'RESOLVED', resolvedAt: new Date(), resolvedBy: mergedBy, action: `已合并到 ${keepEmployeeId}` },
    });
    return { findingId, keptEmployeeId: keepEmployeeId, merged };
  });
}
