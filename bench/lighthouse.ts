/**
 * Lighthouse (performance + accessibility) on the customer home, signed in as the demo customer
 * admin, with Debian's Chromium (CHROME_PATH, default /usr/bin/chromium; nothing is downloaded).
 * Baseline in the same run: a bare Fastify page with the same heading, no script — what this
 * machine's Lighthouse gives a page that costs nothing.
 *
 *   npm run bench:lighthouse                         fresh embedded PostgreSQL, built portal, mobile
 *   LIGHTHOUSE_PRESET=desktop npm run bench:lighthouse
 *   LIGHTHOUSE_URL=http://localhost:3000 npm run bench:lighthouse     a running server with demo data
 *   LIGHTHOUSE_RUNS=5 …                                                runs per page (median reported)
 *   LIGHTHOUSE_REPORTS=some/dir …                                      also writes each run's full JSON report there
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import lighthouse, { desktopConfig, type Flags } from 'lighthouse';
import { benchApp } from './lib.ts';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const PRESET = process.env.LIGHTHOUSE_PRESET === 'desktop' ? 'desktop' : 'mobile';
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));
const EMAIL = process.env.LIGHTHOUSE_EMAIL ?? 'it.admin@contoso.example';
const PASSWORD = process.env.LIGHTHOUSE_PASSWORD ?? 'FastTrack-demo-1';

if (!fs.existsSync(CHROME)) throw new Error(`Chromium not found at ${CHROME}: apt-get install -y chromium`);

const cleanup: (() => Promise<void>)[] = [];
let base = process.env.LIGHTHOUSE_URL?.replace(/\/$/, '');
if (!base) {
  if (!fs.existsSync(new URL('../web/dist/index.html', import.meta.url)))
    throw new Error('The portal is not built: npm run build:web');
  const bench = await benchApp();
  base = `http://127.0.0.1:${bench.port}`;
  cleanup.push(bench.close);
}

// the session cookie of the demo customer, sent with every request Lighthouse makes
const signIn = await fetch(`${base}/api/auth/sign-in`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
});
const session = /ftc_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')?.[0];
if (!signIn.ok || !session) throw new Error(`sign-in as ${EMAIL} failed: ${signIn.status}`);

const bare = Fastify();
bare.get('/', async (_req, reply) =>
  reply
    .type('text/html')
    .send(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
        '<meta name="description" content="baseline"><title>Baseline</title></head><body><main><h1>Welcome, Contoso Ltd</h1></main></body></html>',
    ),
);
await bare.listen({ port: 0, host: '127.0.0.1' });
const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/`;

/** Debian's Chromium, headless, with a DevTools port for Lighthouse. */
async function launchChromium(): Promise<{ port: number; stop(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ftc-lighthouse-'));
  const child = spawn(
    CHROME,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    // its own process group: stopping it stops its helper processes too, before the profile is removed
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}): ${err.slice(-500)}`)));
  });
  return {
    port,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

interface Run {
  performance: number;
  accessibility: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  si: number;
  /** Lighthouse's measure of this machine's CPU speed during the run (higher is faster) */
  cpu: number;
  failing: string[];
}

async function audit(url: string, headers: Record<string, string>): Promise<Run> {
  const chrome = await launchChromium();
  try {
    const flags: Flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      extraHeaders: headers,
    };
    const result = await lighthouse(url, flags, PRESET === 'desktop' ? desktopConfig : undefined);
    if (!result) throw new Error('Lighthouse returned nothing');
    const lhr = result.lhr;
    if (process.env.LIGHTHOUSE_REPORTS) {
      fs.mkdirSync(process.env.LIGHTHOUSE_REPORTS, { recursive: true });
      const file = `${new URL(url).port}-${lhr.fetchTime.replace(/[:.]/g, '-')}.json`;
      fs.writeFileSync(path.join(process.env.LIGHTHOUSE_REPORTS, file), JSON.stringify(lhr));
    }
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
    const ms = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
    const failing = (lhr.categories.accessibility?.auditRefs ?? [])
      .filter((r) => r.weight > 0 && lhr.audits[r.id]?.score === 0)
      .map((r) => r.id);
    return {
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      fcp: ms('first-contentful-paint'),
      lcp: ms('largest-contentful-paint'),
      tbt: ms('total-blocking-time'),
      cls: ms('cumulative-layout-shift'),
      si: ms('speed-index'),
      cpu: lhr.environment.benchmarkIndex,
      failing,
    };
  } finally {
    await chrome.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function summarise(name: string, runs: Run[]) {
  const m = (k: keyof Omit<Run, 'failing'>) => median(runs.map((r) => r[k]));
  return {
    name,
    performance: m('performance'),
    accessibility: m('accessibility'),
    fcp: m('fcp'),
    lcp: m('lcp'),
    tbt: m('tbt'),
    cls: m('cls'),
    si: m('si'),
    cpu: runs.map((r) => r.cpu.toFixed(0)).join(' '),
    all: runs.map((r) => `${r.performance}/${r.accessibility}`).join(' '),
    failing: [...new Set(runs.flatMap((r) => r.failing))],
  };
}

const pages: [string, string, Record<string, string>][] = [
  ['baseline: bare static page', bareUrl, {}],
  [`customer home (${EMAIL})`, `${base}/`, { Cookie: session }],
];
const rows: ReturnType<typeof summarise>[] = [];
for (const [name, url, headers] of pages) {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await audit(url, headers));
  rows.push(summarise(name, runs));
}

console.log(`Lighthouse ${PRESET} preset, ${RUNS} runs per page (median), Chromium at ${CHROME}\n`);
console.log(
  '| page | performance | accessibility | FCP ms | LCP ms | TBT ms | CLS | Speed Index ms | runs (perf/a11y) | CPU benchmark index per run |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.performance} | ${r.accessibility} | ${r.fcp.toFixed(0)} | ${r.lcp.toFixed(0)} | ${r.tbt.toFixed(0)} | ${r.cls.toFixed(3)} | ${r.si.toFixed(0)} | ${r.all} | ${r.cpu} |`,
  );
const home = rows[1]!;
if (home.failing.length)
  console.log(`\naccessibility audits failing on the home: ${home.failing.join(', ')}`);
console.log(
  `\ncustomer home: performance ${home.performance} (target ≥ 90), accessibility ${home.accessibility} (target ≥ 95); ` +
    `ratio to the bare page: performance ${((home.performance / rows[0]!.performance) * 100).toFixed(0)} %`,
);

await bare.close();
for (const c of cleanup) await c();
process.exit(0);
