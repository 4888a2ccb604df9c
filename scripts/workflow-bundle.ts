import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';

/** Bundles the workflows once, so every worker of a test run or a deployment starts in milliseconds. */
export async function writeWorkflowBundle(outputPath: string): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: { info: () => undefined, warn: () => undefined, error: console.error, debug: () => undefined, trace: () => undefined, log: () => undefined },
  });
  writeFileSync(outputPath, code);
}

if (require.main === module) {
  const output = process.argv[2] ?? 'dist/workflow-bundle.js';
  writeWorkflowBundle(output).then(
    () => console.log(`workflow bundle written to ${output}`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
