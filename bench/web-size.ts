/**
 * JavaScript shipped for sign-in + customer home, gzipped: the entry and what index.html preloads,
 * plus the language catalogue loaded at start (the pages loaded later are lazy chunks).
 *   npm run build:web && node --import tsx bench/web-size.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = path.resolve(import.meta.dirname, '../web/dist');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
const english = fs.readdirSync(path.join(dist, 'assets')).find((f) => /^en-[\w-]+\.js$/.test(f));
const files = [...new Set([...initial, ...(english ? [`assets/${english}`] : [])])];
let total = 0;
let totalBr = 0;
console.log('| file | bytes | gzipped | brotli (served) |\n|---|---:|---:|---:|');
for (const f of files) {
  const raw = fs.readFileSync(path.join(dist, f));
  const gz = gzipSync(raw, { level: 9 }).length;
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  total += gz;
  totalBr += br;
  console.log(`| ${f.replace(/-[\w]{8}\.js$/, '.js')} | ${raw.length} | ${gz} | ${br} |`);
}
console.log(
  `\ninitial JavaScript for sign-in + customer home: ${(total / 1024).toFixed(1)} KiB gzipped (budget 300 KiB), ` +
    `${(totalBr / 1024).toFixed(1)} KiB as served (Brotli, precompressed by the build)`,
);
