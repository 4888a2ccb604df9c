import { Router } from 'express';
import { fromDbDate } from '../../prisma/dates';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';

export function employeesRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/:id', async (req, res) => {
    const employee = await deps.db.employee.findUnique({
      where: { id: req.params.id },
      include: { enrollments: { orderBy: { enrolledAt: 'desc' } } },
    });
    if (!employee) throw notFound('员工');
    const onboardings = await deps.db.onboardingCase.findMany({
      where: { employeeId: employee.id },
      orderBy: { hireDate: 'desc' },
      select: { id: true, status: true, classification: true, hireDate: true, workCityCode: true },
    });
    res.json({
      id: employee.id,
      name: employee.name,
      idNumber: employee.idNumber,
      gender: employee.gender,
      birthDate: fromDbDate(employee.birthDate),
      workCity: employee.workCityCode,
      hireDate: fromDbDate(employee.hireDate),
      status: employee.status,
      enrollments: employee.enrollments.map((enrollment) => ({
        id: enrollment.id,
        kind: enrollment.kind,
        cityCode: enrollment.cityCode,
        effectiveMonth: enrollment.effectiveMonth,
        insuranceTypes: enrollment.insuranceTypes,
        late: enrollment.late,
      })),
      onboardings: onboardings.map((onboarding) => ({ ...onboarding, hireDate: fromDbDate(onboarding.hireDate) })),
    });
  });
  return router;
}
