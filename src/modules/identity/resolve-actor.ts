/**
 * Turns a session cookie or an API token into an Actor. One lookup per request: session (or token),
 * the person (for a token: the person who made it), membership of the organisation acted for. The
 * lookups of requests that arrive together are coalesced into one statement (platform/db/coalesce.ts).
 */
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { isLocale, type Locale } from '../../platform/i18n/i18n.ts';
import { type Actor, anonymous } from '../access/actor.ts';
import { hashToken } from './secrets.ts';
import { reusable } from '../../platform/db/reusable.ts';
import { coalescedPer } from '../../platform/db/coalesce.ts';

export const SESSION_COOKIE = 'ftc_session';

// built once (per database), run with the hashes of the tokens asked for together (coalesced)
const tokenQuery = reusable((db) =>
  db
    .selectFrom('api_tokens as t')
    .innerJoin('organisations as o', 'o.id', 't.organisation_id')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .select(['t.id', 't.token_hash', 't.organisation_id', 't.role', 't.created_by', 'o.kind'])
    .select(['u.email', 'u.name', 'u.language', 'u.time_zone'])
    .where('t.token_hash', '=', sql<string>`any(${['?']}::text[])`)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', sql<Date>`now()`)])),
);

const byHash = <R extends { token_hash: string }>(rows: R[]) => new Map(rows.map((r) => [r.token_hash, r]));
const findToken = coalescedPer(async (db: Db, hashes: string[]) =>
  byHash((await tokenQuery(db, [hashes])).rows),
);

const sessionQuery = reusable((db) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('memberships as m', (j) =>
      j.onRef('m.user_id', '=', 's.user_id').onRef('m.organisation_id', '=', 's.organisation_id'),
    )
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      's.id as session_id',
      's.token_hash',
      's.user_id',
      's.csrf_token',
      'u.email',
      'u.name',
      'u.language',
      'u.time_zone',
      'm.organisation_id',
      'm.role',
      'o.kind',
    ])
    .where('s.token_hash', '=', sql<string>`any(${['?']}::text[])`)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`),
);

const findSession = coalescedPer(async (db: Db, hashes: string[]) =>
  byHash((await sessionQuery(db, [hashes])).rows),
);

export async function resolveActor(db: Db, req: FastifyRequest, fallback: Locale): Promise<Actor> {
  const requestId = String(req.id);
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const token = auth.slice(7).trim();
    const row = await findToken(db, hashToken(token));
    if (!row) return anonymous(fallback, requestId);
    markUsed(db, row.id);
    return {
      userId: null,
      tokenId: row.id,
      sessionId: null,
      organisationId: row.organisation_id,
      orgKind: row.kind,
      role: row.role,
      locale: fallback,
      requestId,
      viaCookie: false,
      csrfToken: null,
      // the person who made the token: whom the token's work is filed and written in the name of
      profile: { email: row.email, name: row.name, language: row.language, timeZone: row.time_zone },
    };
  }
  return resolveSession(db, req, fallback, requestId);
}

/** "Last used" is kept to the minute: each server writes it at most once a minute per token. */
const lastMarked = new Map<string, number>();
function markUsed(db: Db, tokenId: string) {
  const now = Date.now();
  if (now - (lastMarked.get(tokenId) ?? 0) < 60_000) return;
  lastMarked.set(tokenId, now);
  if (lastMarked.size > 10_000) lastMarked.clear();
  void db
    .updateTable('api_tokens')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', tokenId)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
      ]),
    )
    .execute()
    .catch(() => {});
}

async function resolveSession(
  db: Db,
  req: FastifyRequest,
  fallback: Locale,
  requestId: string,
): Promise<Actor> {
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token) return anonymous(fallback, requestId);
  const row = await findSession(db, hashToken(token));
  if (!row) return anonymous(fallback, requestId);
  return {
    userId: row.user_id,
    tokenId: null,
    sessionId: row.session_id,
    organisationId: row.organisation_id ?? null,
    orgKind: row.kind ?? null,
    role: row.role ?? null,
    locale: row.language && isLocale(row.language) ? row.language : fallback,
    requestId,
    viaCookie: true,
    csrfToken: row.csrf_token,
    profile: { email: row.email, name: row.name, language: row.language, timeZone: row.time_zone },
  };
}
