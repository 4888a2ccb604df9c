import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// The Temporal CLI embeds the dev server (SQLite persistence, Web UI). No npm or Debian package
// ships it, so we build it from the Go module proxy once and cache it outside the repository.
// Tags from v1.6.0 on replace an unpublished module in go.mod and no longer build this way.
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot = env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(cacheRoot, 'shebao-flow', `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Path of a Temporal CLI binary, or null when none can be had here; callers then fall back to the
 * SDK's own download, which needs internet.
 */
export function resolveTemporalCli(log: (line: string) => void = () => undefined): string | null {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH points to a missing file: ${fromEnv}`);
    return fromEnv;
  }
  const cacheDir = temporalCliCacheDir();
  const cached = join(cacheDir, 'temporal');
  if (existsSync(cached)) return cached;
  if (!goAvailable()) return null;

  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (a few minutes, once per machine)…`);
  mkdirSync(cacheDir, { recursive: true });
  const build = spawnSync('go', ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: cacheDir, GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0 || !existsSync(cached)) {
    log(`go install failed (exit ${build.status ?? 'signal'}); falling back to the SDK download`);
    return null;
  }
  return cached;
}

if (require.main === module) {
  const path = resolveTemporalCli((line) => console.error(line));
  if (!path) {
    console.error('no Temporal CLI: set TEMPORAL_CLI_PATH or install Go');
    process.exit(1);
  }
  console.log(path);
}
