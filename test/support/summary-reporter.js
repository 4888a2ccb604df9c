// Prints the run's totals as one plain line ("Tests: N passed, N failed, N skipped") that tools
// reading CI logs understand without knowing jest's own summary format.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`;
    process.stdout.write(`\n${line}\n`);
  }
}
module.exports = SummaryReporter;
