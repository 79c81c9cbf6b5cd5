/** A person's own name, language and time zone. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { fieldError } from '../../platform/errors.ts';
import type { Actor } from '../access/actor.ts';
import { requireUser } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

export async function updateProfile(
  db: Db,
  actor: Actor,
  input: { name?: string; language?: string | null; timeZone?: string },
): Promise<void> {
  requireUser(actor);
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
    throw fieldError('/body/timeZone', 'errors.field.timeZone');
  await db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('users')
      .select(['name', 'language', 'time_zone'])
      .where('id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const patch = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
      ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
    };
    await tx
      .updateTable('users')
      .set({ ...patch, updated_at: sql`now()` })
      .where('id', '=', actor.userId)
      .execute();
    await audit(tx, actor, {
      action: 'user.update',
      targetType: 'user',
      targetId: actor.userId,
      before,
      after: patch,
    });
  });
}
