/**
 * Routing profiles and business calendars: center people (languages, regions, skills, capacity, hours, holidays,
 * away periods — set by a center lead or admin; a person may set their own hours, holidays and away periods),
 * partners (languages, countries, industries, sizes, skills, capacity, hours, holidays and a pause of at most
 * 30 days — set by the partner's admin or a center lead).
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { HolidayJson } from '../../platform/db/schema.ts';
import { fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { Actor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { addDays, calendarOf } from '../calendar/business-calendar.ts';
import { isCenter, isCenterLead } from '../engagements/engagement-access.ts';
import type { BusinessHours } from '../programme/programme.schema.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { DEFAULT_HOURS } from './calendars.ts';

export const MAX_PAUSE_DAYS = 30;

function checkHours(path: string, hours: BusinessHours | null | undefined) {
  if (!hours) return;
  try {
    calendarOf({ timeZone: 'UTC', businessHours: hours, holidays: [] });
  } catch {
    throw fieldError(path, 'errors.field.businessHours');
  }
}

function checkZone(path: string, zone: string | undefined) {
  if (!zone) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw fieldError(path, 'errors.field.timeZone');
  }
}

function checkRanges(path: string, ranges: { from: string; to: string }[] | undefined) {
  ranges?.forEach((r, i) => {
    if (r.to < r.from) throw fieldError(`${path}/${i}/to`, 'errors.field.endBeforeStart');
  });
}

export interface PersonProfileInput {
  roles?: string[];
  languages?: string[];
  regions?: string[];
  workloads?: string[];
  capacity?: number;
  workingHours?: BusinessHours | null;
  holidays?: HolidayJson[];
  away?: { from: string; to: string }[];
  timeZone?: string;
}

const SELF_FIELDS = new Set(['workingHours', 'holidays', 'away', 'timeZone']);

export async function putPersonProfile(deps: Deps, actor: Actor, userId: string, input: PersonProfileInput) {
  if (!isCenter(actor)) throw notFound('user');
  const self = actor.userId === userId;
  if (!isCenterLead(actor)) {
    if (!self) throw forbidden('errors.detail.profileLeadOnly');
    const other = Object.keys(input).find((k) => !SELF_FIELDS.has(k));
    if (other) throw fieldError(`/body/${other}`, 'errors.field.leadOnly');
  }
  checkHours('/body/workingHours', input.workingHours);
  checkZone('/body/timeZone', input.timeZone);
  checkRanges('/body/away', input.away);
  const programme = await getProgramme(deps.db);
  const regions = new Set(programme.regions.map((r) => r.id));
  input.regions?.forEach((r, i) => {
    if (!regions.has(r)) throw fieldError(`/body/regions/${i}`, 'errors.field.unknownRegion');
  });
  const workloads = new Set(programme.workloads.map((w) => w.id));
  input.workloads?.forEach((w, i) => {
    if (!workloads.has(w)) throw fieldError(`/body/workloads/${i}`, 'errors.field.unknownWorkload');
  });
  await deps.db.transaction().execute(async (tx) => {
    const member = await tx
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select(['m.organisation_id'])
      .where('m.user_id', '=', userId)
      .where('o.kind', '=', 'center')
      .executeTakeFirst();
    if (!member) throw notFound('user');
    const before = await tx
      .selectFrom('person_profiles')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const values = {
      roles: input.roles ?? before?.roles ?? [],
      languages: input.languages ?? before?.languages ?? [],
      regions: input.regions ?? before?.regions ?? [],
      workloads: input.workloads ?? before?.workloads ?? [],
      capacity: input.capacity ?? before?.capacity ?? 10,
      working_hours:
        input.workingHours === undefined
          ? before?.working_hours
            ? JSON.stringify(before.working_hours)
            : null
          : input.workingHours
            ? JSON.stringify(input.workingHours)
            : null,
      holidays: JSON.stringify(input.holidays ?? before?.holidays ?? []),
      away: JSON.stringify(input.away ?? before?.away ?? []),
    };
    await tx
      .insertInto('person_profiles')
      .values({ user_id: userId, organisation_id: member.organisation_id, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute();
    if (input.timeZone)
      await tx.updateTable('users').set({ time_zone: input.timeZone }).where('id', '=', userId).execute();
    await audit(tx, actor, {
      action: 'profile.person_update',
      targetType: 'user',
      targetId: userId,
      organisationId: member.organisation_id,
      before: before ?? null,
      after: input,
    });
  });
  return getPersonProfile(deps, actor, userId);
}

export async function getPersonProfile(deps: Deps, actor: Actor, userId: string) {
  if (!isCenter(actor)) throw notFound('user');
  const r = await deps.db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .innerJoin('organisations as o', (j) =>
      j.onRef('o.id', '=', 'm.organisation_id').on('o.kind', '=', 'center'),
    )
    .leftJoin('person_profiles as p', 'p.user_id', 'u.id')
    .select([
      'u.id',
      'u.name',
      'u.time_zone',
      'p.roles',
      'p.languages',
      'p.regions',
      'p.workloads',
      'p.capacity',
      'p.working_hours',
      'p.holidays',
      'p.away',
      'p.last_assigned_at',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!r) throw notFound('user');
  return {
    userId: r.id,
    name: r.name,
    timeZone: r.time_zone,
    roles: r.roles ?? [],
    languages: r.languages ?? [],
    regions: r.regions ?? [],
    workloads: r.workloads ?? [],
    capacity: r.capacity ?? 0,
    workingHours: (r.working_hours as BusinessHours | null) ?? null,
    holidays: r.holidays ?? [],
    away: r.away ?? [],
    lastAssignedAt: r.last_assigned_at?.toISOString() ?? null,
  };
}

export async function listPeople(deps: Deps, actor: Actor) {
  if (!isCenter(actor)) throw notFound('user');
  const ids = await deps.db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select('m.user_id')
    .where('o.kind', '=', 'center')
    .orderBy('m.user_id')
    .execute();
  const out = [];
  for (const { user_id } of ids) out.push(await getPersonProfile(deps, actor, user_id));
  return out;
}

export interface PartnerProfileInput {
  languages?: string[];
  countries?: string[];
  industries?: string[];
  minSeats?: number;
  maxSeats?: number | null;
  workloads?: string[];
  capacity?: number;
  pausedUntil?: string | null;
  timeZone?: string;
  businessHours?: BusinessHours | null;
  holidays?: HolidayJson[];
}

export async function putPartnerProfile(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  input: PartnerProfileInput,
) {
  const own = actor.orgKind === 'partner' && actor.organisationId === partnerId;
  if (!own && !isCenter(actor)) throw notFound('partner');
  if (!(own && actor.role === 'admin') && !isCenterLead(actor))
    throw forbidden('errors.detail.partnerAdminOnly');
  checkHours('/body/businessHours', input.businessHours);
  checkZone('/body/timeZone', input.timeZone);
  const today = new Date().toISOString().slice(0, 10);
  if (input.pausedUntil) {
    if (input.pausedUntil < today) throw fieldError('/body/pausedUntil', 'errors.field.dateInPast');
    if (input.pausedUntil > addDays(today, MAX_PAUSE_DAYS))
      throw fieldError('/body/pausedUntil', 'errors.field.pauseTooLong', { days: MAX_PAUSE_DAYS });
  }
  if (input.maxSeats != null && input.minSeats !== undefined && input.maxSeats < input.minSeats)
    throw fieldError('/body/maxSeats', 'errors.field.endBeforeStart');
  await deps.db.transaction().execute(async (tx) => {
    const org = await tx
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', partnerId)
      .where('kind', '=', 'partner')
      .executeTakeFirst();
    if (!org) throw notFound('partner');
    const before = await tx
      .selectFrom('partner_profiles')
      .selectAll()
      .where('organisation_id', '=', partnerId)
      .executeTakeFirst();
    const values = {
      languages: input.languages ?? before?.languages ?? [],
      countries: input.countries ?? before?.countries ?? [],
      industries: input.industries ?? before?.industries ?? [],
      min_seats: input.minSeats ?? before?.min_seats ?? 0,
      max_seats: input.maxSeats === undefined ? (before?.max_seats ?? null) : input.maxSeats,
      workloads: input.workloads ?? before?.workloads ?? [],
      capacity: input.capacity ?? before?.capacity ?? 10,
      paused_until: input.pausedUntil === undefined ? (before?.paused_until ?? null) : input.pausedUntil,
      time_zone: input.timeZone ?? before?.time_zone ?? 'UTC',
      business_hours:
        input.businessHours === undefined
          ? before?.business_hours
            ? JSON.stringify(before.business_hours)
            : null
          : input.businessHours
            ? JSON.stringify(input.businessHours)
            : null,
      holidays: JSON.stringify(input.holidays ?? before?.holidays ?? []),
    };
    await tx
      .insertInto('partner_profiles')
      .values({ organisation_id: partnerId, ...values })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute();
    await audit(tx, actor, {
      action: 'profile.partner_update',
      targetType: 'organisation',
      targetId: partnerId,
      organisationId: partnerId,
      before: before ?? null,
      after: input,
    });
  });
  return getPartnerProfile(deps, actor, partnerId);
}

export async function getPartnerProfile(deps: Deps, actor: Actor, partnerId: string) {
  const own = actor.orgKind === 'partner' && actor.organisationId === partnerId;
  if (!own && !isCenter(actor)) throw notFound('partner');
  const p = await deps.db
    .selectFrom('partner_profiles')
    .selectAll()
    .where('organisation_id', '=', partnerId)
    .executeTakeFirst();
  if (!p) throw notFound('partner');
  return {
    partnerId,
    languages: p.languages,
    countries: p.countries,
    industries: p.industries,
    minSeats: p.min_seats,
    maxSeats: p.max_seats,
    workloads: p.workloads,
    capacity: p.capacity,
    pausedUntil: p.paused_until,
    timeZone: p.time_zone,
    businessHours: (p.business_hours as BusinessHours | null) ?? DEFAULT_HOURS,
    holidays: p.holidays,
  };
}
