/**
 * Builds the portal: the API's types for the typed client, then Vite into web/dist.
 * `--if-missing` builds only when there is no build yet (npm start after a fresh clone).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.ts';

if (
  process.argv.includes('--if-missing') &&
  fs.existsSync(new URL('../web/dist/index.html', import.meta.url))
) {
  process.exit(0);
}
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'inherit' });
console.log('Building the web portal (first start only)…');
run(process.execPath, ['--import', 'tsx', 'scripts/openapi.ts']);
run('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
precompress(fileURLToPath(new URL('../web/dist/', import.meta.url)));
