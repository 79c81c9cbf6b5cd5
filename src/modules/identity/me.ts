/** The signed-in person, the organisation they act for, and every organisation they belong to. */
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import type { Actor } from '../access/actor.ts';
import { requireUser } from '../access/policy.ts';

export interface MeView {
  user: { id: string; email: string; name: string; language: string | null; timeZone: string };
  organisation: { id: string; kind: string; name: string; role: string } | null;
  memberships: { organisationId: string; kind: string; name: string; role: string }[];
  locale: string;
  csrfToken: string | null;
}

export async function getMe(db: Db, actor: Actor): Promise<MeView> {
  requireUser(actor);
  const [user, memberships] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'language', 'time_zone'])
      .where('id', '=', actor.userId)
      .executeTakeFirst(),
    db
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select(['o.id', 'o.kind', 'o.name', 'm.role'])
      .where('m.user_id', '=', actor.userId)
      .orderBy('o.name')
      .execute(),
  ]);
  if (!user) throw notFound('user');
  const current = memberships.find((m) => m.id === actor.organisationId);
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      language: user.language,
      timeZone: user.time_zone,
    },
    organisation: current
      ? { id: current.id, kind: current.kind, name: current.name, role: current.role }
      : null,
    memberships: memberships.map((m) => ({ organisationId: m.id, kind: m.kind, name: m.name, role: m.role })),
    locale: user.language ?? actor.locale,
    csrfToken: actor.csrfToken,
  };
}
