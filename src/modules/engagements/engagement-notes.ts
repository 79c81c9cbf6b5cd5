/**
 * Typed notes (domain §8): engagement management, service intent / entitlement status, technical
 * enablement, environment, migration, enterprise status — each with its template fields and author
 * roles. Cadence rules mark an engagement overdue: an engagement-management note every 14 days; an
 * enterprise status note every 14 days while red or yellow, quarterly while green or blue.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { AppError, fieldError, forbidden } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { Actor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { localised } from '../requests/request-views.ts';
import { loadEngagement, mayDeliver } from './engagement-access.ts';

export const HEALTH = ['red', 'yellow', 'green', 'blue'] as const;
export type Health = (typeof HEALTH)[number];
const DAY = 86_400_000;
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const dateOf = (d: Date | string) => (d instanceof Date ? d.toISOString() : d).slice(0, 10);

/** The programme roles a person may write notes as. */
export function noteRolesOf(actor: Actor): string[] {
  if (actor.orgKind === 'partner') return ['partner'];
  if (actor.orgKind !== 'center') return [];
  switch (actor.role) {
    case 'admin':
    case 'lead':
      return [
        'fasttrack-manager',
        'rfa-manager',
        'targeting-manager',
        'fasttrack-architect',
        'fasttrack-engineer',
        'sme',
        'migration-manager',
      ];
    case 'manager':
      return ['fasttrack-manager', 'rfa-manager', 'targeting-manager', 'fasttrack-architect'];
    case 'engineer':
      return ['fasttrack-engineer', 'sme'];
    case 'migration-manager':
      return ['migration-manager'];
    default:
      return [];
  }
}

export interface NoteDue {
  type: string;
  name: string;
  lastAt: string | null;
  cadenceDays: number;
  dueOn: string;
  overdue: boolean;
}

export interface LastNote {
  type: string;
  health: string | null;
  created_at: Date | string;
}

/** The cadence of each note type that applies to the engagement, with its due date (pure). */
export function cadenceOf(
  programme: Programme,
  createdAt: Date | string,
  last: readonly LastNote[],
  now: Date,
  locale: Locale = 'en',
): NoteDue[] {
  const today = now.toISOString().slice(0, 10);
  const out: NoteDue[] = [];
  for (const type of programme.notes.types) {
    if (type.id !== 'engagement-management' && type.id !== 'enterprise-status') continue;
    const l = last.find((x) => x.type === type.id);
    // enterprise status applies once the account has one; its cadence follows the last health
    if (type.id === 'enterprise-status' && !l) continue;
    const cadence =
      type.id === 'enterprise-status'
        ? l?.health === 'red' || l?.health === 'yellow'
          ? 14
          : 90
        : (type.cadenceDays ?? 14);
    const dueOn = addDays(dateOf(new Date(l?.created_at ?? createdAt)), cadence);
    out.push({
      type: type.id,
      name: localised(type.name as Record<string, string>, locale),
      lastAt: l ? new Date(l.created_at).toISOString() : null,
      cadenceDays: cadence,
      dueOn,
      overdue: dueOn < today,
    });
  }
  return out;
}

/** The last note of each type with a cadence, as the detail query also reads it. */
export const LAST_NOTES_SQL = (engagementId: unknown) => sql<
  LastNote[]
>`(select coalesce(json_agg(n), '[]') from (
    select distinct on (type) type, health, created_at from engagement_notes
    where engagement_id = ${engagementId} and type in ('engagement-management', 'enterprise-status')
    order by type, created_at desc) n)`;

async function notesDue(
  tx: Tx,
  programme: Programme,
  engagement: { id: string; created_at: Date },
  now: Date,
) {
  const { rows } = await sql<{ last: LastNote[] }>`select ${LAST_NOTES_SQL(engagement.id)} as last`.execute(
    tx,
  );
  return cadenceOf(programme, engagement.created_at, rows[0]?.last ?? [], now);
}

/** Keeps engagements.note_due_on (the earliest due note) in step, for the lists' "overdue notes" filter. */
export async function refreshNoteDue(tx: Tx, programme: Programme, engagementId: string): Promise<void> {
  const e = await tx
    .selectFrom('engagements')
    .select(['id', 'created_at'])
    .where('id', '=', engagementId)
    .executeTakeFirstOrThrow();
  const due = await notesDue(tx, programme, e, new Date());
  const earliest = due.map((d) => d.dueOn).sort()[0] ?? null;
  await tx.updateTable('engagements').set({ note_due_on: earliest }).where('id', '=', engagementId).execute();
}

export interface NoteInput {
  type: string;
  workload?: string;
  fields?: Record<string, string>;
  body: string;
  health?: Health;
}

/** Checks a note against its type (template fields, per-workload, health) and the author's roles. */
export function checkNote(
  programme: Programme,
  actor: Actor,
  input: NoteInput,
  workloads: string[],
  base = '/body',
) {
  const type = programme.notes.types.find((t) => t.id === input.type);
  if (!type) throw fieldError(`${base}/type`, 'errors.field.unknownNoteType');
  if (!noteRolesOf(actor).some((r) => (type.authorRoles as readonly string[]).includes(r)))
    throw forbidden('errors.detail.noteRole');
  if (type.perWorkload && !input.workload) throw fieldError(`${base}/workload`, 'errors.field.required');
  if (input.workload && !workloads.includes(input.workload))
    throw fieldError(`${base}/workload`, 'errors.field.notInEngagement');
  for (const k of Object.keys(input.fields ?? {}))
    if (!(type.template as readonly string[]).includes(k))
      throw fieldError(`${base}/fields/${k}`, 'errors.field.unknown');
  if (type.id === 'enterprise-status' && !input.health)
    throw fieldError(`${base}/health`, 'errors.field.required');
  if (type.id !== 'enterprise-status' && input.health)
    throw fieldError(`${base}/health`, 'errors.field.notForType');
  return type;
}

export async function writeNote(
  tx: Tx,
  programme: Programme,
  actor: Actor,
  engagement: { id: string; customer_id: string },
  input: NoteInput,
  serviceRecordId: string | null,
): Promise<string> {
  const id = newId('nte');
  await tx
    .insertInto('engagement_notes')
    .values({
      id,
      engagement_id: engagement.id,
      customer_id: engagement.customer_id,
      service_record_id: serviceRecordId,
      type: input.type,
      fields: JSON.stringify(input.fields ?? {}),
      body: input.body,
      health: input.health ?? null,
      author_user_id: actor.userId,
      author_organisation_id: actor.organisationId!,
    })
    .execute();
  await audit(tx, actor, {
    action: 'engagement.note',
    targetType: 'engagement',
    targetId: engagement.id,
    organisationId: engagement.customer_id,
    after: { note_id: id, type: input.type, workload: input.workload ?? null, health: input.health ?? null },
  });
  await refreshNoteDue(tx, programme, engagement.id);
  return id;
}

export async function addNote(deps: Deps, actor: Actor, engagementId: string, input: NoteInput) {
  const programme = await getProgramme(deps.db);
  return deps.db.transaction().execute(async (tx) => {
    const e = await loadEngagement(tx, actor, engagementId, true);
    mayDeliver(actor);
    if (e.status !== 'active') throw new AppError('conflict', 'errors.detail.engagementInactive');
    const records = await tx
      .selectFrom('service_records')
      .select(['id', 'workload'])
      .where('engagement_id', '=', e.id)
      .execute();
    checkNote(
      programme,
      actor,
      input,
      records.map((r) => r.workload),
    );
    const record = records.find((r) => r.workload === input.workload);
    const id = await writeNote(tx, programme, actor, e, input, record?.id ?? null);
    return { id };
  });
}

export async function listNotes(
  db: Db,
  programme: Programme,
  actor: Actor,
  engagementId: string,
  type?: string,
) {
  await loadEngagement(db, actor, engagementId);
  let q = db
    .selectFrom('engagement_notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_user_id')
    .leftJoin('service_records as s', 's.id', 'n.service_record_id')
    .select([
      'n.id',
      'n.type',
      's.workload',
      'n.fields',
      'n.body',
      'n.health',
      'u.name as author_name',
      'n.created_at',
    ])
    .where('n.engagement_id', '=', engagementId);
  if (type) q = q.where('n.type', '=', type);
  const rows = await q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(500).execute();
  return rows.map((n) => ({
    id: n.id,
    type: n.type,
    typeName: localised(
      programme.notes.types.find((t) => t.id === n.type)?.name as Record<string, string> | undefined,
      actor.locale,
    ),
    workload: n.workload,
    fields: n.fields as Record<string, string>,
    body: n.body,
    health: n.health,
    authorName: n.author_name,
    at: (n.created_at as Date).toISOString(),
  }));
}
