import { z } from 'zod';
import { ROUTES, type RouteEntry } from './route-table';
import { PERMISSIONS } from './auth/roles';

const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: '稳定的错误代码' },
        message: { type: 'string', description: '中文说明' },
        details: { type: 'array', items: { type: 'object', properties: { line: { type: 'integer' }, field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
      },
      required: ['code', 'message', 'details'],
    },
  },
};

const toJsonSchema = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

function operation(route: RouteEntry) {
  const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
  const query = route.query ? toJsonSchema(route.query) : undefined;
  const queryParams = Object.entries((query?.properties ?? {}) as Record<string, object>).map(([name, schema]) => ({
    name,
    in: 'query',
    required: ((query?.required as string[] | undefined) ?? []).includes(name),
    schema,
  }));
  const guarded = route.access !== 'public' && route.access !== 'signed-webhook';
  const body = route.body ? toJsonSchema(route.body) : undefined;
  return {
    summary: route.summary,
    description: guarded ? `权限 ${route.access}:${(PERMISSIONS[route.access as keyof typeof PERMISSIONS] as readonly string[]).join('、')}` : route.access === 'signed-webhook' ? 'HMAC-SHA256 签名的回调' : '公开',
    ...(guarded ? { security: [{ bearer: [] }] } : { security: [] }),
    parameters: [...pathParams, ...queryParams],
    ...(body
      ? { requestBody: { required: true, content: { 'application/json': { schema: body }, ...(route.acceptsCsv ? { 'text/csv': { schema: { type: 'string' } } } : {}) } } }
      : {}),
    responses: {
      [route.method === 'POST' ? '2XX' : '200']: { description: '成功' },
      '4XX': { description: '请求有误、未登录、无权限、不存在或冲突', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    },
  };
}

/** OpenAPI 3.1 from the route table and its zod schemas: the same source the API validates with. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES.filter((entry) => !entry.path.includes('{'))) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'shebao-flow API', version: '1.0.0', description: '社保入职参保、养老保险关系转移、缴费计算、月末清理与政策更新' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ERROR_SCHEMA },
    },
    paths,
  };
}
