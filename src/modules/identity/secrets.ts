/** Passwords (scrypt) and opaque tokens (random; only their SHA-256 is stored). */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEYLEN,
      { N, r: R, p: P, maxmem: 64 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const DUMMY = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Constant work whether or not the user exists (no account enumeration by timing). */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const [, , , , saltB64, keyB64] = (stored ?? DUMMY).split('$');
  const salt = Buffer.from(saltB64 ?? '', 'base64url');
  const expected = Buffer.from(keyB64 ?? '', 'base64url');
  const actual = await scryptAsync(password, salt);
  return !!stored && expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
