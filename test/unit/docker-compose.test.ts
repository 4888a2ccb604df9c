/**
 * Structural checks of the production deployment description (docker-compose.yml,
 * Dockerfile, .dockerignore). No Docker engine is needed: the files are parsed and the
 * properties the deployment relies on are asserted. Each check is a function returning
 * the list of problems it found; the last block feeds deliberately broken copies to the
 * same functions to prove that they do detect what they claim to detect.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '..', '..');
const COMPOSE_PATH = join(ROOT, 'docker-compose.yml');
const DOCKERFILE_PATH = join(ROOT, 'Dockerfile');
const DOCKERIGNORE_PATH = join(ROOT, '.dockerignore');

const LONG_RUNNING = ['postgresql', 'temporal', 'temporal-ui', 'api', 'worker'] as const;
const SEARCH_ATTRIBUTES = ['EmployeeId', 'City', 'OnboardingStatus', 'TransferStatus'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
type Compose = Obj & { services: { [name: string]: Obj } };

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadCompose(text: string): Compose {
  const doc: unknown = parse(text, { merge: true });
  if (!isObj(doc) || !isObj(doc.services)) throw new Error('docker-compose.yml has no services mapping');
  return doc as Compose;
}

function services(doc: Compose): { [name: string]: Obj } {
  return doc.services;
}

function service(doc: Compose, name: string): Obj {
  const svc = services(doc)[name];
  if (!isObj(svc)) throw new Error(`service ${name} is missing`);
  return svc;
}

/** `environment` as a map, whether written as a mapping or as a list of KEY=VALUE. */
function envOf(svc: Obj): Record<string, string> {
  const env = svc.environment;
  const out: Record<string, string> = {};
  if (Array.isArray(env)) {
    for (const entry of env) {
      const text = String(entry);
      const eq = text.indexOf('=');
      if (eq === -1) out[text] = '';
      else out[text.slice(0, eq)] = text.slice(eq + 1);
    }
  } else if (isObj(env)) {
    for (const [key, value] of Object.entries(env)) out[key] = value === null ? '' : String(value);
  }
  return out;
}

/** `depends_on` as name -> condition (short list syntax means service_started). */
function dependsOf(svc: Obj): Record<string, string> {
  const deps = svc.depends_on;
  const out: Record<string, string> = {};
  if (Array.isArray(deps)) {
    for (const name of deps) out[String(name)] = 'service_started';
  } else if (isObj(deps)) {
    for (const [name, spec] of Object.entries(deps)) {
      out[name] = isObj(spec) && typeof spec.condition === 'string' ? spec.condition : 'service_started';
    }
  }
  return out;
}

/** `command` / `entrypoint` flattened to one string. */
function commandText(svc: Obj): string {
  const parts: string[] = [];
  for (const key of ['entrypoint', 'command'] as const) {
    const value = svc[key];
    if (Array.isArray(value)) parts.push(...value.map(String));
    else if (typeof value === 'string') parts.push(value);
  }
  return parts.join(' ');
}

function imageOrBuild(svc: Obj): string {
  return JSON.stringify({ image: svc.image ?? null, build: svc.build ?? null });
}

/** A value is "from a variable" when it is exactly one ${VAR...} interpolation. */
function isVariable(value: string): boolean {
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?+][^}]*)?\}$/.test(value);
}

// ---------------------------------------------------------------------------------------
// Checks: each returns the problems found (empty list = OK).
// ---------------------------------------------------------------------------------------

function checkLongRunningServices(doc: Compose): string[] {
  const problems: string[] = [];
  for (const name of LONG_RUNNING) {
    const svc = services(doc)[name];
    if (!isObj(svc)) {
      problems.push(`service ${name} is missing`);
      continue;
    }
    if (svc.image === undefined && svc.build === undefined) problems.push(`${name} has neither image nor build`);
    if (svc.restart !== 'unless-stopped' && svc.restart !== 'always') {
      problems.push(`${name} must restart automatically (restart: unless-stopped), got ${String(svc.restart)}`);
    }
  }
  return problems;
}

function checkTemporalOnPostgres(doc: Compose): string[] {
  const problems: string[] = [];
  const temporal = service(doc, 'temporal');
  const env = envOf(temporal);
  if (!/^temporalio\/auto-setup:1\.2\d+\.\d+/.test(String(temporal.image))) {
    problems.push(`temporal image must be a pinned temporalio/auto-setup 1.2x, got ${String(temporal.image)}`);
  }
  if (env.DB !== 'postgres12') problems.push(`temporal DB must be postgres12, got ${String(env.DB)}`);
  if (env.DB_PORT !== '5432') problems.push(`temporal DB_PORT must be 5432, got ${String(env.DB_PORT)}`);
  if (env.POSTGRES_SEEDS !== 'postgresql') problems.push('temporal POSTGRES_SEEDS must point at the postgresql service');
  if (!env.POSTGRES_USER) problems.push('temporal POSTGRES_USER is not set');
  if (!env.POSTGRES_PWD || !isVariable(env.POSTGRES_PWD)) problems.push('temporal POSTGRES_PWD must come from a variable');
  if (dependsOf(temporal).postgresql !== 'service_healthy') {
    problems.push('temporal must depend on postgresql being healthy');
  }
  return problems;
}

function checkPostgres(doc: Compose): string[] {
  const problems: string[] = [];
  const pg = service(doc, 'postgresql');
  if (!/^postgres:16\b/.test(String(pg.image))) problems.push(`postgresql image must be postgres:16, got ${String(pg.image)}`);
  const test = isObj(pg.healthcheck) ? JSON.stringify(pg.healthcheck.test ?? '') : '';
  if (!test.includes('pg_isready')) problems.push('postgresql healthcheck must use pg_isready');
  const volumes = Array.isArray(pg.volumes) ? pg.volumes.map((v) => (isObj(v) ? String(v.source) : String(v).split(':')[0])) : [];
  if (!volumes.some((source) => source !== undefined && /^[A-Za-z0-9][\w.-]*$/.test(source))) {
    problems.push('postgresql data must live in a named volume');
  }
  return problems;
}

function checkWorkerScalable(doc: Compose): string[] {
  const problems: string[] = [];
  const worker = service(doc, 'worker');
  if (worker.container_name !== undefined) problems.push('worker must not have a container_name (prevents scaling)');
  if (worker.ports !== undefined) problems.push('worker must not publish host ports (prevents scaling)');
  const replicas = isObj(worker.deploy) ? worker.deploy.replicas : undefined;
  if (typeof replicas !== 'number' || replicas < 1) problems.push(`worker deploy.replicas must be >= 1, got ${String(replicas)}`);
  if (!commandText(worker).includes('dist/worker/main.js')) problems.push('worker must run node dist/worker/main.js');
  return problems;
}

function checkApiAndWorkerShareImageAndEnv(doc: Compose): string[] {
  const problems: string[] = [];
  const api = service(doc, 'api');
  const worker = service(doc, 'worker');
  const migrate = service(doc, 'migrate');
  if (api.build === undefined) problems.push('api must be built from the Dockerfile');
  if (imageOrBuild(api) !== imageOrBuild(worker)) problems.push('api and worker must use the same build/image');
  if (imageOrBuild(api) !== imageOrBuild(migrate)) problems.push('api and migrate must use the same build/image');
  const apiEnv = envOf(api);
  const workerEnv = envOf(worker);
  const migrateEnv = envOf(migrate);
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'NATIONAL_RECORDS_URL'] as const) {
    if (!apiEnv[key]) problems.push(`api has no ${key}`);
    if (apiEnv[key] !== workerEnv[key]) problems.push(`api and worker disagree on ${key}`);
  }
  if (apiEnv.DATABASE_URL !== migrateEnv.DATABASE_URL) problems.push('migrate must use the same DATABASE_URL as api');
  if (!/^postgresql:\/\/[^@]+@postgresql:5432\/\S+$/.test(apiEnv.DATABASE_URL ?? '')) {
    problems.push(`DATABASE_URL must target postgresql:5432, got ${String(apiEnv.DATABASE_URL)}`);
  }
  if (apiEnv.TEMPORAL_ADDRESS !== 'temporal:7233') problems.push('TEMPORAL_ADDRESS must be temporal:7233');
  if (apiEnv.TEMPORAL_NAMESPACE !== 'default') problems.push('TEMPORAL_NAMESPACE must be default');
  if (!/^\$\{NATIONAL_RECORDS_URL:\?/.test(apiEnv.NATIONAL_RECORDS_URL ?? '')) {
    problems.push('NATIONAL_RECORDS_URL must be a required variable (${NATIONAL_RECORDS_URL:?...})');
  }
  if (apiEnv.PORT !== '3000') problems.push('api PORT must be 3000');
  if (!commandText(api).includes('dist/api/main.js')) problems.push('api must run node dist/api/main.js');
  const ports = Array.isArray(api.ports) ? api.ports.map(String) : [];
  if (!ports.some((p) => /(^|:)3000$/.test(p))) problems.push('api must publish container port 3000');
  return problems;
}

function checkStartupOrder(doc: Compose): string[] {
  const problems: string[] = [];
  const migrate = service(doc, 'migrate');
  if (!commandText(migrate).includes('dist/scripts/migrate.js')) problems.push('migrate must run node dist/scripts/migrate.js');
  if (migrate.restart !== 'no') problems.push('migrate is one-shot: restart must be "no"');
  if (dependsOf(migrate).postgresql !== 'service_healthy') problems.push('migrate must wait for postgresql to be healthy');
  for (const name of ['api', 'worker'] as const) {
    const deps = dependsOf(service(doc, name));
    if (deps.migrate !== 'service_completed_successfully') {
      problems.push(`${name} must depend on migrate completing successfully`);
    }
    if (deps.temporal === undefined) problems.push(`${name} must depend on temporal`);
  }
  return problems;
}

/** The one-shot service whose command registers search attributes. */
function setupServiceName(doc: Compose): string | undefined {
  return Object.keys(services(doc)).find((name) =>
    commandText(service(doc, name)).includes('temporal operator search-attribute create'),
  );
}

function checkSearchAttributes(doc: Compose): string[] {
  const problems: string[] = [];
  const name = setupServiceName(doc);
  if (name === undefined) return ['no service registers search attributes'];
  const setup = service(doc, name);
  if (!/^temporalio\/admin-tools:\d+\.\d+\.\d+/.test(String(setup.image))) {
    problems.push(`${name} must use a pinned temporalio/admin-tools image, got ${String(setup.image)}`);
  }
  if (setup.restart !== 'no') problems.push(`${name} is one-shot: restart must be "no"`);
  if (dependsOf(setup).temporal === undefined) problems.push(`${name} must depend on temporal`);
  const script = commandText(setup);
  for (const attribute of SEARCH_ATTRIBUTES) {
    const create = new RegExp(
      `temporal operator search-attribute create(?=[^\\n]*--address\\s+temporal:7233)(?=[^\\n]*--namespace\\s+default)[^\\n]*--name\\s+${attribute}\\s+--type\\s+Keyword\\b`,
    );
    if (!create.test(script)) problems.push(`search attribute ${attribute} (Keyword) is not registered in namespace default`);
  }
  return problems;
}

function checkTemporalUi(doc: Compose): string[] {
  const problems: string[] = [];
  const ui = service(doc, 'temporal-ui');
  if (!/^temporalio\/ui:\d+\.\d+\.\d+$/.test(String(ui.image))) problems.push(`temporal-ui image must be pinned, got ${String(ui.image)}`);
  if (envOf(ui).TEMPORAL_ADDRESS !== 'temporal:7233') problems.push('temporal-ui TEMPORAL_ADDRESS must be temporal:7233');
  const ports = Array.isArray(ui.ports) ? ui.ports.map(String) : [];
  if (!ports.some((p) => /(^|:)8233:8080$/.test(p))) problems.push('temporal-ui must publish 8233:8080');
  return problems;
}

function checkDependsOnTargetsExist(doc: Compose): string[] {
  const problems: string[] = [];
  const names = new Set(Object.keys(services(doc)));
  for (const [name, svc] of Object.entries(services(doc))) {
    for (const target of Object.keys(dependsOf(svc))) {
      if (!names.has(target)) problems.push(`${name} depends on unknown service ${target}`);
    }
  }
  return problems;
}

function checkNamedVolumesDeclared(doc: Compose): string[] {
  const problems: string[] = [];
  const declared = new Set(isObj(doc.volumes) ? Object.keys(doc.volumes) : []);
  for (const [name, svc] of Object.entries(services(doc))) {
    const volumes = Array.isArray(svc.volumes) ? svc.volumes : [];
    for (const volume of volumes) {
      let source: string | undefined;
      if (isObj(volume)) source = volume.type === 'volume' || volume.type === undefined ? String(volume.source ?? '') : undefined;
      else if (String(volume).includes(':')) source = String(volume).split(':')[0];
      // Bind mounts (./x, /x, ~/x, ${VAR}) and anonymous volumes are not named volumes.
      if (!source || /^[./~$]/.test(source)) continue;
      if (!declared.has(source)) problems.push(`${name} uses named volume ${source} which is not declared`);
    }
  }
  return problems;
}

/** Every password-like setting must be interpolated from a variable, never a literal. */
function checkNoLiteralSecrets(doc: Compose): string[] {
  const problems: string[] = [];
  const secretKey = /(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_KEY)$/i;
  for (const [name, svc] of Object.entries(services(doc))) {
    for (const [key, value] of Object.entries(envOf(svc))) {
      if (secretKey.test(key) && !isVariable(value)) problems.push(`${name}.${key} is a literal, not a variable`);
      const url = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@\s]*)@/i.exec(value);
      if (url && !isVariable(url[1] ?? '')) problems.push(`${name}.${key} embeds a literal password`);
    }
  }
  const pgPassword = envOf(service(doc, 'postgresql')).POSTGRES_PASSWORD ?? '';
  if (!/^\$\{POSTGRES_PASSWORD(:?\?[^}]*)?\}$/.test(pgPassword)) {
    problems.push(`postgresql POSTGRES_PASSWORD must be a required variable, got ${pgPassword || '(unset)'}`);
  }
  return problems;
}

// Dockerfile -------------------------------------------------------------------------------

type Stage = { from: string; name?: string; lines: string[] };

/** Instructions (continuation lines joined, comments dropped) grouped by FROM stage. */
function dockerfileStages(text: string): Stage[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      stages.push({ from: from[1] ?? '', name: from[2], lines: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1]?.lines.push(line);
    }
  }
  return stages;
}

function checkDockerfile(text: string): string[] {
  const problems: string[] = [];
  const stages = dockerfileStages(text);
  if (stages.length < 2) return [`Dockerfile must be multi-stage, found ${stages.length} stage(s)`];
  const build = stages[0] as Stage;
  const runtime = stages[stages.length - 1] as Stage;
  if (build.from !== 'node:20-bookworm-slim') problems.push(`build stage must use node:20-bookworm-slim, got ${build.from}`);
  const buildRuns = build.lines.filter((l) => /^RUN\s/i.test(l)).join('\n');
  if (!/\bnpm ci\b/.test(buildRuns)) problems.push('build stage must RUN npm ci');
  if (!/\bnpm run build\b/.test(buildRuns)) problems.push('build stage must RUN npm run build');
  if (!/\bnpm prune --omit=dev\b/.test(buildRuns)) problems.push('build stage must RUN npm prune --omit=dev');

  const users = runtime.lines.filter((l) => /^USER\s/i.test(l));
  const lastUser = users[users.length - 1]?.replace(/^USER\s+/i, '').split(':')[0]?.trim();
  if (lastUser === undefined) problems.push('last stage has no USER');
  else if (lastUser === 'root' || lastUser === '0') problems.push(`last stage runs as ${lastUser}`);

  if (!runtime.lines.some((l) => /^ENV\s.*\bNODE_ENV=production\b/i.test(l))) problems.push('last stage must set NODE_ENV=production');
  for (const path of ['dist', 'generated', 'node_modules', 'prisma', 'package.json']) {
    const copied = runtime.lines.some((l) =>
      new RegExp(`^COPY\\s+(?:--\\S+\\s+)*--from=\\S+\\s+(?:--\\S+\\s+)*\\S*/${path.replace('.', '\\.')}/?\\s`, 'i').test(l),
    );
    if (!copied) problems.push(`last stage must copy ${path} from the build stage`);
  }
  const cmd = runtime.lines.filter((l) => /^CMD\s/i.test(l)).pop() ?? '';
  if (!/dist\/api\/main\.js/.test(cmd)) problems.push(`default CMD must run the API, got ${cmd || '(none)'}`);
  return problems;
}

function checkDockerignore(text: string): string[] {
  const entries = new Set(
    text
      .split('\n')
      .map((l) => l.trim().replace(/^\*\*\//, '').replace(/\/$/, ''))
      .filter((l) => l && !l.startsWith('#')),
  );
  return ['node_modules', 'dist', 'generated', '.data', '.git', 'coverage']
    .filter((entry) => !entries.has(entry))
    .map((entry) => `.dockerignore must exclude ${entry}`);
}

// ---------------------------------------------------------------------------------------
// Tests against the real files.
// ---------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  const text = readFileSync(COMPOSE_PATH, 'utf8');
  const doc = loadCompose(text);

  it('parses, with anchors and merge keys resolved', () => {
    expect(Object.keys(services(doc)).length).toBeGreaterThanOrEqual(LONG_RUNNING.length);
    // Merge keys must have been applied: no literal "<<" key survives anywhere.
    expect(JSON.stringify(doc)).not.toContain('"<<"');
  });

  it('declares the long-running services postgresql, temporal, temporal-ui, api and worker', () => {
    expect(checkLongRunningServices(doc)).toEqual([]);
  });

  it('runs postgresql 16 with a pg_isready healthcheck and a named data volume', () => {
    expect(checkPostgres(doc)).toEqual([]);
  });

  it('runs Temporal on the PostgreSQL service (DB=postgres12, depends on postgresql)', () => {
    expect(checkTemporalOnPostgres(doc)).toEqual([]);
  });

  it('keeps the worker scalable: no container_name, no host ports, deploy.replicas >= 1', () => {
    expect(checkWorkerScalable(doc)).toEqual([]);
  });

  it('builds api, worker and migrate from the same image with the same DATABASE_URL and TEMPORAL_ADDRESS', () => {
    expect(checkApiAndWorkerShareImageAndEnv(doc)).toEqual([]);
  });

  it('starts api and worker only after migrate completed successfully', () => {
    expect(checkStartupOrder(doc)).toEqual([]);
  });

  it('registers every custom search attribute in the setup service command', () => {
    expect(checkSearchAttributes(doc)).toEqual([]);
  });

  it('exposes a pinned Temporal UI on 8233 pointed at temporal:7233', () => {
    expect(checkTemporalUi(doc)).toEqual([]);
  });

  it('only depends on services that exist', () => {
    expect(checkDependsOnTargetsExist(doc)).toEqual([]);
  });

  it('declares every named volume it uses', () => {
    expect(checkNamedVolumesDeclared(doc)).toEqual([]);
  });

  it('contains no literal secrets: passwords come from variables', () => {
    expect(checkNoLiteralSecrets(doc)).toEqual([]);
    const withoutComments = text
      .split('\n')
      .filter((line) => !/^\s*#/.test(line))
      .join('\n');
    expect(withoutComments).not.toMatch(/(?<!\{)\bPOSTGRES_PASSWORD\s*[:=]\s*(?!\$\{)\S/);
  });
});

describe('Dockerfile and .dockerignore', () => {
  it('Dockerfile exists, is multi-stage, runs npm ci and ends as a non-root user', () => {
    expect(existsSync(DOCKERFILE_PATH)).toBe(true);
    expect(checkDockerfile(readFileSync(DOCKERFILE_PATH, 'utf8'))).toEqual([]);
  });

  it('.dockerignore keeps dependencies, build output, local data and VCS out of the context', () => {
    expect(existsSync(DOCKERIGNORE_PATH)).toBe(true);
    expect(checkDockerignore(readFileSync(DOCKERIGNORE_PATH, 'utf8'))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// The checks above must be able to fail: feed them broken variants.
// ---------------------------------------------------------------------------------------

describe('the checks reject broken deployment files', () => {
  const original = loadCompose(readFileSync(COMPOSE_PATH, 'utf8'));
  const dockerfile = readFileSync(DOCKERFILE_PATH, 'utf8');

  /** Deep copy (aliases share objects after parsing), then apply the mutation. */
  function broken(mutate: (doc: Compose) => void): Compose {
    const copy = structuredClone(original);
    mutate(copy);
    return copy;
  }

  it('a missing long-running service', () => {
    expect(checkLongRunningServices(broken((d) => delete d.services['temporal-ui']))).toContain('service temporal-ui is missing');
  });

  it('temporal not on postgres12', () => {
    const doc = broken((d) => {
      (service(d, 'temporal').environment as Obj).DB = 'cassandra';
    });
    expect(checkTemporalOnPostgres(doc).join('\n')).toMatch(/postgres12/);
  });

  it('a worker with container_name or host ports', () => {
    const doc = broken((d) => {
      service(d, 'worker').container_name = 'worker';
      service(d, 'worker').ports = ['9000:9000'];
    });
    expect(checkWorkerScalable(doc)).toHaveLength(2);
  });

  it('api and worker on different DATABASE_URL', () => {
    const doc = broken((d) => {
      service(d, 'worker').environment = { ...(service(d, 'worker').environment as Obj), DATABASE_URL: 'postgresql://x:${P}@other:5432/db' };
    });
    expect(checkApiAndWorkerShareImageAndEnv(doc)).toContain('api and worker disagree on DATABASE_URL');
  });

  it('api not waiting for migrate to complete', () => {
    const doc = broken((d) => {
      service(d, 'api').depends_on = { migrate: { condition: 'service_started' }, temporal: { condition: 'service_started' } };
    });
    expect(checkStartupOrder(doc)).toContain('api must depend on migrate completing successfully');
  });

  it('a search attribute missing from the setup command', () => {
    const doc = broken((d) => {
      const name = setupServiceName(d) as string;
      const setup = service(d, name);
      setup.command = commandText(setup).replace(/--name TransferStatus/g, '--name Other');
      delete setup.entrypoint;
    });
    expect(checkSearchAttributes(doc)).toEqual(['search attribute TransferStatus (Keyword) is not registered in namespace default']);
  });

  it('a dangling depends_on and an undeclared named volume', () => {
    const doc = broken((d) => {
      service(d, 'api').depends_on = ['redis'];
      delete d.volumes;
    });
    expect(checkDependsOnTargetsExist(doc)).toEqual(['api depends on unknown service redis']);
    expect(checkNamedVolumesDeclared(doc).join('\n')).toMatch(/postgresql uses named volume \S+ which is not declared/);
  });

  it('a literal password', () => {
    const doc = broken((d) => {
      (service(d, 'postgresql').environment as Obj).POSTGRES_PASSWORD = 'hunter2';
      (service(d, 'temporal').environment as Obj).POSTGRES_PWD = 'hunter2';
    });
    const problems = checkNoLiteralSecrets(doc);
    expect(problems).toContain('postgresql.POSTGRES_PASSWORD is a literal, not a variable');
    expect(problems).toContain('temporal.POSTGRES_PWD is a literal, not a variable');
    const url = broken((d) => {
      service(d, 'api').environment = { ...(service(d, 'api').environment as Obj), DATABASE_URL: 'postgresql://u:hunter2@postgresql:5432/shebao' };
    });
    expect(checkNoLiteralSecrets(url)).toContain('api.DATABASE_URL embeds a literal password');
  });

  it('a Dockerfile that runs as root, skips npm ci or is single-stage', () => {
    expect(checkDockerfile(dockerfile.replace(/^USER .*$/m, 'USER root'))).toContain('last stage runs as root');
    expect(checkDockerfile(dockerfile.replace(/^USER .*$/m, ''))).toContain('last stage has no USER');
    expect(checkDockerfile(dockerfile.replace(/npm ci/g, 'npm install'))).toContain('build stage must RUN npm ci');
    expect(checkDockerfile('FROM node:20-bookworm-slim\nRUN npm ci\nUSER node\n')[0]).toMatch(/multi-stage/);
  });
});
