import { Router } from 'express';
import { findCity } from '../../domain/regions';
import { loadPolicyVersions } from '../../prisma/policy-versions';
import { createPolicyVersion } from '../contributions/create-policy';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';
import { requestActor } from '../request-actor';
import { createPolicySchema } from '../schemas/policy';
import { parseOrThrow } from '../validation';

export function policiesRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/:city', async (req, res) => {
    const city = findCity(req.params.city);
    if (!city) throw notFound('城市');
    res.json({ cityCode: city.code, cityName: city.name, versions: await loadPolicyVersions(deps.db, city.code) });
  });

  router.post('/', async (req, res) => {
    const request = parseOrThrow(createPolicySchema, req.body);
    res.status(201).json(await createPolicyVersion(deps, request, requestActor(req, res)));
  });

  return router;
}
