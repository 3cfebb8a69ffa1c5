// Turns Jest's --json results into the one line CI reads. A suite that failed to run
// (syntax error, crash in beforeAll) counts as one failure even though it has no tests.
const fs = require('node:fs');
const [file, jestStatus] = process.argv.slice(2);

let results;
try {
  results = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`could not read Jest results (${error.message}); Jest exited ${jestStatus}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const brokenSuites = results.testResults.filter(
  (suite) => suite.status === 'failed' && suite.assertionResults.every((t) => t.status !== 'failed'),
).length;
const passed = results.numPassedTests;
const failed = results.numFailedTests + brokenSuites;
const skipped = results.numPendingTests + results.numTodoTests;

for (const suite of results.testResults) {
  for (const test of suite.assertionResults) {
    if (test.status === 'pending' && /SKIPPED/.test(test.title)) console.log(`skipped: ${test.fullName}`);
  }
}
console.log(`${skipped} skipped (suites for services not configured here say SKIPPED above)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || jestStatus !== '0' ? 1 : 0);
