/** Prefixed, sortable ids: `usr_0192f…` — a UUIDv7 (time-ordered) inside, hex without dashes. */
import { randomBytes } from 'node:crypto';

export type IdPrefix =
  | 'org'
  | 'usr'
  | 'ses'
  | 'tok'
  | 'inv'
  | 'pwr'
  | 'rel'
  | 'aud'
  | 'prg'
  | 'eml'
  | 'sub'
  | 'rfa'
  | 'rfh'
  | 'eng'
  | 'svc'
  | 'tsk'
  | 'nte'
  | 'asg'
  | 'phh'
  | 'mot'
  | 'mig'
  | 'bat'
  | 'iss'
  | 'ref'
  | 'mtg'
  | 'ntf';

// random bytes are drawn from a pool: one system call per 256 ids instead of two per id
const POOL = 4096;
let pool = Buffer.alloc(0);
let offset = POOL;
function random(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(POOL);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + n);
  offset += n;
  return out;
}

let lastMs = 0;
let seq = 0;

export function uuidv7Hex(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs += 1;
    ms = lastMs;
  } else {
    lastMs = ms;
    seq = random(2).readUInt16BE(0) & 0x7ff;
  }
  const b = Buffer.from(random(16));
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  return b.toString('hex');
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${uuidv7Hex()}`;
}

export const ID_PATTERN = '^[a-z]{3}_[0-9a-f]{32}$';
