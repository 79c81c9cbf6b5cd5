/**
 * `npm test`: type-check, lint, the unit + integration suite on the embedded PostgreSQL, the same
 * integration suite on a server PostgreSQL when TEST_DATABASE_URL is set, and the browser suite
 * when there is one. Prints one closing line: `N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;

function step(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) console.log(`✖ ${name} failed (exit ${r.status ?? r.signal})`);
  return r.status === 0;
}

function vitest(name: string, env: NodeJS.ProcessEnv, extra: string[] = []) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ftc-vitest-')), 'report.json');
  const ok = step(
    name,
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extra],
    env,
  );
  try {
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      numTotalTests: number;
      numFailedTestSuites: number;
    };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    if (report.numTotalTests === 0) broken = true;
    if (report.numFailedTestSuites > 0 && report.numFailedTests === 0) failed += report.numFailedTestSuites;
  } catch {
    broken = true;
  }
  if (!ok) broken = true;
}

if (!step('web portal build', process.execPath, ['--import', 'tsx', 'scripts/build-web.ts'])) broken = true;
if (!step('type-check', 'npx', ['tsc', '--noEmit'])) broken = true;
if (!step('type-check (web)', 'npx', ['tsc', '-p', 'web/tsconfig.json'])) broken = true;
if (!step('lint', 'npx', ['biome', 'check', '.'])) broken = true;
vitest('unit + integration (embedded PostgreSQL)', { TEST_DB: 'embedded' });
if (process.env.TEST_DATABASE_URL) {
  vitest('integration (server PostgreSQL)', { TEST_DB: 'server' }, ['test/integration']);
} else {
  console.log('\n(TEST_DATABASE_URL not set: the server-PostgreSQL run is skipped)');
}
if (fs.existsSync('test/e2e') && fs.readdirSync('test/e2e').some((f) => f.endsWith('.test.ts'))) {
  vitest('browser (Chromium)', {}, ['--config', 'test/e2e/vitest.config.ts']);
}

if (broken && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(broken || failed > 0 ? 1 : 0);
