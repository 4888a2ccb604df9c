import { encryptedDataConverter } from '../../worker/payload-codec';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { testEnv } from '../support/env';

// Histories recorded from real runs (scripts/record-histories.ts). A workflow change that breaks
// determinism for executions already in flight fails here; guard such changes with patched().
const HISTORIES_DIR = join(__dirname, '..', 'fixtures', 'histories');
const files = readdirSync(HISTORIES_DIR).filter((file) => file.endsWith('.json'));

describe('workflow replay over committed histories', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('replays %s without nondeterminism', async (file) => {
    const history = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: testEnv.workflowBundle }, dataConverter: encryptedDataConverter() }, history, file),
    ).resolves.toBeUndefined();
  });
});
