/**
 * Assignment and meetings through the API: routing with reasons, auto-assignment that books the meeting series
 * inside both parties' hours, invites through a real SMTP server parsed back as iCalendar (times right in each
 * recipient's zone across a DST change, in their language), reschedule and cancel, no double-booking across
 * concurrent assignments, referrals that expire on the partner's business days, calendars and feeds.
 */
import { createServer, type Server } from 'node:http';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarOf } from '../../src/modules/calendar/business-calendar.ts';
import { loadDefaultProgramme } from '../../src/modules/programme/load-programme.ts';
import { expireReferrals } from '../../src/modules/routing/referrals.ts';
import { t } from '../../src/platform/i18n/i18n.ts';
import { Temporal } from '../../src/platform/time/temporal.ts';
import { as, type Client } from '../client.ts';
import { makeOrganisation, makeSubscription, makeUser, requestBody, uniq } from '../factories.ts';
import { type Harness, startHarness } from '../harness.ts';

const programme = loadDefaultProgramme();
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const WEEKDAYS = { start: '09:00', end: '17:00' };
const hours = (start: string, end: string) => {
  const d = [{ start, end }];
  return { mon: d, tue: d, wed: d, thu: d, fri: d, sat: [], sun: [] };
};

// ---- a local fake of Microsoft Graph: client-credentials token and onlineMeetings/createOrGet ---------------
const graphCalls: { path: string; body: any; auth: string | undefined }[] = [];
let graph: Server;
let graphUrl = '';

let h: Harness;
let lead: Client;
const people: Record<string, { id: string; email: string }> = {};
let customerAdmin: { id: string; email: string };
let customerId: string;
let engagementId: string;

/** A German customer with 1,500 seats and an admin reading Brazilian Portuguese in Berlin. */
async function newCustomer() {
  const id = await makeOrganisation(h.db, 'customer', `Kunde ${uniq()}`);
  await makeSubscription(h.db, id, { sku: 'M365_E3', seats: 1500 });
  const admin = await makeUser(h.db, id, 'admin', { language: 'pt-BR' });
  await h.db.updateTable('users').set({ time_zone: 'Europe/Berlin' }).where('id', '=', admin.id).execute();
  return { id, admin };
}

/** Files and approves a request for a customer (a customer has one active engagement: a new customer, a new one). */
async function fileAndApprove(
  language = 'de',
  plannedDays = 150,
  who = { id: customerId, admin: customerAdmin },
) {
  const admin = await as(h.app, who.admin.email);
  const filed = await admin.request(
    'POST',
    '/api/requests',
    requestBody(who.id, {
      preferredLanguage: language,
      workloads: [
        { workload: 'exchange-online', plannedDate: inDays(plannedDays) },
        { workload: 'teams', plannedDate: inDays(plannedDays - 10) },
      ],
    }),
    { 'idempotency-key': `k-${uniq()}-${uniq()}` },
  );
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  const approved = await lead.post(`/api/requests/${filed.body.id}/approve`, {
    reasonId: 'eligible-with-migration-service',
    scenario: 'center-led',
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body.decision.engagementId as string;
}

beforeAll(async () => {
  graph = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const path = req.url ?? '';
      if (path.endsWith('/oauth2/v2.0/token')) {
        const form = new URLSearchParams(raw);
        const ok =
          form.get('client_secret') === 'graph-secret' && form.get('grant_type') === 'client_credentials';
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(ok ? { token_type: 'Bearer', access_token: 'graph-token', expires_in: 3599 } : {}),
        );
        return;
      }
      const m = /^\/v1\.0\/users\/([^/]+)\/onlineMeetings\/createOrGet$/.exec(path);
      if (m && req.method === 'POST') {
        const body = JSON.parse(raw);
        graphCalls.push({ path, body, auth: req.headers.authorization });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: `MSo1N2Y5ZGFjYy03MWJmLTQ3NDMtYjQxMy01M2EdFGkdRWHJlQ_${body.externalId}`,
            externalId: body.externalId,
            startDateTime: body.startDateTime,
            endDateTime: body.endDateTime,
            subject: body.subject,
            joinWebUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${body.externalId}%40thread.v2/0`,
          }),
        );
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => graph.listen(0, '127.0.0.1', r));
  const addr = graph.address();
  graphUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  h = await startHarness({
    env: {
      GRAPH_URL: graphUrl,
      GRAPH_TOKEN_URL: `${graphUrl}/tenant-id/oauth2/v2.0/token`,
      GRAPH_CLIENT_ID: 'fasttrack-center',
      GRAPH_CLIENT_SECRET: 'graph-secret',
    },
  });
  lead = await as(h.app, 'lead@fasttrack.example');
  const centerId = (
    await h.db.selectFrom('organisations').select('id').where('kind', '=', 'center').executeTakeFirstOrThrow()
  ).id;
  // center people: a Tokyo manager reading Japanese; a German-speaking engineer in New York; others who must
  // never be chosen for a German customer (French only, full, away)
  const specs = {
    manager: {
      language: 'ja',
      zone: 'Asia/Tokyo',
      profile: {
        roles: ['fasttrack-manager'],
        languages: ['de', 'en'],
        regions: ['emea'],
        workingHours: hours('08:00', '23:00'),
      },
    },
    engineer: {
      language: 'de',
      zone: 'America/New_York',
      profile: {
        roles: ['fasttrack-engineer'],
        languages: ['de', 'en'],
        regions: ['emea', 'americas'],
        workloads: ['exchange-online', 'teams'],
        workingHours: hours('08:00', '17:00'),
      },
    },
    french: {
      language: 'fr',
      zone: 'Europe/Paris',
      profile: {
        roles: ['fasttrack-engineer'],
        languages: ['fr'],
        regions: ['emea'],
        workloads: ['exchange-online', 'teams'],
      },
    },
    full: {
      language: 'de',
      zone: 'Europe/Berlin',
      profile: {
        roles: ['fasttrack-engineer'],
        languages: ['de'],
        regions: ['emea'],
        workloads: ['exchange-online', 'teams'],
        capacity: 0,
      },
    },
    away: {
      language: 'de',
      zone: 'Europe/Berlin',
      profile: {
        roles: ['fasttrack-engineer'],
        languages: ['de'],
        regions: ['emea'],
        workloads: ['exchange-online', 'teams'],
        away: [{ from: inDays(-1), to: inDays(20) }],
      },
    },
  } as const;
  for (const [key, s] of Object.entries(specs)) {
    const role = key === 'manager' ? 'manager' : 'engineer';
    people[key] = await makeUser(h.db, centerId, role, { language: s.language });
    const res = await lead.put(`/api/people/${people[key]!.id}/profile`, { ...s.profile, timeZone: s.zone });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  const first = await newCustomer();
  customerId = first.id;
  customerAdmin = first.admin;
  engagementId = await fileAndApprove();
});

afterAll(async () => {
  await h.close();
  await new Promise<void>((r) => graph.close(() => r()));
});

/** The iCalendar part of an email, parsed; its zones registered for local-time reads. */
function icsOf(m: ParsedMail) {
  const part = m.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  expect(part, `no calendar in "${m.subject}"`).toBeTruthy();
  const comp = new ICAL.Component(ICAL.parse(part!.content.toString('utf8')));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const event = comp.getFirstSubcomponent('vevent')!;
  return { comp, event, parsed: new ICAL.Event(event) };
}

/** Wall time `HH:MM` of an instant in a zone, by Intl (independent of our iCalendar code). */
const wall = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );

function inHours(iso: string, minutes: number, timeZone: string, start: string, end: string) {
  const z = Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone);
  const e = z.add({ minutes });
  const t = (x: typeof z) => x.toPlainTime().toString().slice(0, 5);
  return z.dayOfWeek <= 5 && t(z) >= start && t(e) <= end && e.toPlainDate().equals(z.toPlainDate());
}

let meetings: any[] = [];

describe('routing', () => {
  it('ranks people with reasons and never offers the wrong language, a full or an away person', async () => {
    const res = await lead.get(`/api/engagements/${engagementId}/routing?role=fasttrack-engineer`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.need).toMatchObject({ language: 'de', region: 'emea', country: 'DE' });
    expect(res.body.total).toBe(res.body.candidates.length);
    expect(res.body.eligible).toBe(res.body.candidates.filter((c: any) => c.eligible).length);
    const top = await lead.get(`/api/engagements/${engagementId}/routing?role=fasttrack-engineer&limit=1`);
    expect(top.body.candidates.map((c: any) => c.id)).toEqual([res.body.candidates[0].id]);
    expect(top.body.total).toBe(res.body.total);
    const byId = new Map(res.body.candidates.map((c: any) => [c.id, c]));
    expect(res.body.candidates[0].id).toBe(people.engineer!.id);
    const failed = (k: string) =>
      (byId.get(people[k]!.id) as any).reasons
        .filter((r: any) => !r.ok && r.code !== 'continuity')
        .map((r: any) => r.code);
    expect(failed('french')).toEqual(['language']);
    expect(failed('full')).toEqual(['capacity']);
    expect(failed('away')).toEqual(['away']);
    expect(failed('manager')).toEqual(['role', 'skill']);
    // the reasons speak the reader's language (the lead reads German, the French engineer French)
    const day = (lang: string, d: string) =>
      new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${d}T00:00:00Z`),
      );
    const values = (lang: string) => ({ from: day(lang, inDays(-1)), to: day(lang, inDays(20)) });
    const away = (byId.get(people.away!.id) as any).reasons.find((r: any) => r.code === 'away');
    expect(away.text).toBe(t('de', 'routing.reason.away.fail', values('de')));
    const french = await as(h.app, people.french!.email);
    const fr = await french.get(`/api/engagements/${engagementId}/routing?role=fasttrack-engineer`);
    const frAway = fr.body.candidates
      .find((c: any) => c.id === people.away!.id)
      .reasons.find((r: any) => r.code === 'away');
    expect(frAway.text).toBe(t('fr', 'routing.reason.away.fail', values('fr')));
    expect(frAway.text).not.toBe(away.text);
  });

  it('refuses routing to the customer and to a partner, and bad roles field by field', async () => {
    const customer = await as(h.app, customerAdmin.email);
    const r = await customer.get(`/api/engagements/${engagementId}/routing?role=fasttrack-engineer`);
    expect(r.status).toBe(403);
    const bad = await lead.get(`/api/engagements/${engagementId}/routing?role=chef`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/querystring/role');
  });
});

describe('assignment books the meeting series', () => {
  it('auto-assigns the engineer, then the manager as primary, which books kickoff and checkpoints', async () => {
    const fe = await lead.post(`/api/engagements/${engagementId}/routing/assign`, {
      role: 'fasttrack-engineer',
    });
    expect(fe.status, JSON.stringify(fe.body)).toBe(201);
    expect(fe.body.userId).toBe(people.engineer!.id);
    // names, not ids, in the reasons (the lead reads German)
    const skill = fe.body.reasons.find((r: any) => r.code === 'skill');
    expect(skill.text).toContain('Exchange Online');
    expect(skill.text).not.toContain('exchange-online');
    expect(fe.body.meetings).toBeNull();
    // a retry does not add a second engineer
    const again = await lead.post(`/api/engagements/${engagementId}/routing/assign`, {
      role: 'fasttrack-engineer',
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe(t('de', 'errors.detail.roleTaken'));
    const fm = await lead.post(`/api/engagements/${engagementId}/routing/assign`, {
      role: 'fasttrack-manager',
    });
    expect(fm.status, JSON.stringify(fm.body)).toBe(201);
    expect(fm.body.userId).toBe(people.manager!.id);
    expect(fm.body.meetings.meetings).toBeGreaterThan(15);
    expect(fm.body.meetings.kickoffInTime).toBe(true);
    const list = await lead.get(`/api/engagements/${engagementId}/meetings`);
    expect(list.status).toBe(200);
    meetings = list.body;
    expect(meetings[0].kind).toBe('kickoff');
    expect(meetings.filter((m) => m.kind === 'checkpoint-weekly').length).toBeGreaterThanOrEqual(15);
    expect(meetings.every((m) => m.status === 'scheduled')).toBe(true);

    // kickoff within 2 business days of the region and inside both parties' hours
    const e = await lead.get(`/api/engagements/${engagementId}`);
    const kickoff = meetings[0];
    expect(Date.parse(kickoff.endsAt)).toBeLessThanOrEqual(
      Date.parse(e.body.firstContactDueAt ?? e.body.clocks?.firstContact?.due),
    );
    expect(inHours(kickoff.startsAt, 60, 'America/New_York', '08:00', '17:00')).toBe(true);
    expect(inHours(kickoff.startsAt, 60, 'Europe/Berlin', '08:00', '17:00')).toBe(true);
    expect(inHours(kickoff.startsAt, 60, 'Asia/Tokyo', '08:00', '23:00')).toBe(true);
    expect(kickoff.attendees.map((a: any) => a.email).sort()).toEqual(
      [people.manager!.email, people.engineer!.email, customerAdmin.email].sort(),
    );
    // every meeting within the customer's hours and the engineer's
    for (const m of meetings) {
      const minutes = (Date.parse(m.endsAt) - Date.parse(m.startsAt)) / 60_000;
      expect(inHours(m.startsAt, minutes, 'Europe/Berlin', '08:00', '17:00'), m.startsAt).toBe(true);
    }
  });

  it('sends each attendee an invite in their language whose iCalendar times are right in their zone', async () => {
    const kickoff = meetings[0];
    const cases = [
      { who: people.manager!, zone: 'Asia/Tokyo', lang: 'ja' },
      { who: people.engineer!, zone: 'America/New_York', lang: 'de' },
      { who: customerAdmin, zone: 'Europe/Berlin', lang: 'pt-BR' },
    ];
    const kickoffName = programme.meetings.find((m) => m.id === 'kickoff')!.name as Record<string, string>;
    for (const c of cases) {
      const mail = await h.smtp.waitForTo(
        c.who.email,
        (m) => m.subject?.includes(kickoffName[c.lang]!) ?? false,
      );
      expect(mail.headers.get('content-language')).toBe(c.lang);
      const { comp, event, parsed } = icsOf(mail);
      expect(comp.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(event.getFirstPropertyValue('uid')).toBe(`${kickoff.id}@fasttrack-center`);
      expect(event.getFirstPropertyValue('sequence')).toBe(0);
      expect(parsed.summary).toContain(kickoffName[c.lang]!);
      expect(event.getFirstProperty('summary')!.getParameter('language')).toBe(c.lang);
      expect(parsed.startDate.zone?.tzid).toBe(c.zone);
      expect(parsed.startDate.toJSDate().toISOString()).toBe(kickoff.startsAt);
      const local = `${String(parsed.startDate.hour).padStart(2, '0')}:${String(parsed.startDate.minute).padStart(2, '0')}`;
      expect(local).toBe(wall(kickoff.startsAt, c.zone));
      // Teams link made through Graph, in the invite and the email
      expect(event.getFirstPropertyValue('url')).toContain('teams.microsoft.com/l/meetup-join');
      expect(mail.text).toContain('teams.microsoft.com/l/meetup-join');
    }
    const call = graphCalls.find((g) => g.body.externalId === kickoff.id)!;
    expect(call.auth).toBe('Bearer graph-token');
    expect(call.path).toContain(encodeURIComponent(people.manager!.email));
    expect(call.body.startDateTime).toBe(kickoff.startsAt);
  });

  it('keeps checkpoint times right for the New York engineer across the March DST changes', async () => {
    const checkpoints = meetings.filter((m) => m.kind === 'checkpoint-weekly');
    const before = checkpoints.filter((m) => m.startsAt < '2027-03-14');
    const between = checkpoints.filter((m) => m.startsAt > '2027-03-15' && m.startsAt < '2027-03-28');
    expect(before.length).toBeGreaterThan(0);
    expect(between.length).toBeGreaterThan(0);
    // the customer keeps its wall time; New York's moves by an hour while Europe has not changed yet
    const berlin = new Set(checkpoints.map((m) => wall(m.startsAt, 'Europe/Berlin')));
    expect(berlin.size).toBe(1);
    expect(wall(between[0].startsAt, 'America/New_York')).not.toBe(
      wall(before[0].startsAt, 'America/New_York'),
    );
    for (const m of [before[before.length - 1], between[0]]) {
      const mail = await h.smtp.waitForTo(people.engineer!.email, (x) => {
        const part = x.attachments.find((a) => a.contentType.startsWith('text/calendar'));
        return !!part && part.content.toString('utf8').includes(`UID:${m.id}@fasttrack-center`);
      });
      const { parsed } = icsOf(mail);
      expect(parsed.startDate.toJSDate().toISOString()).toBe(m.startsAt);
      const local = `${String(parsed.startDate.hour).padStart(2, '0')}:${String(parsed.startDate.minute).padStart(2, '0')}`;
      expect(local).toBe(wall(m.startsAt, 'America/New_York'));
    }
  });

  it('reschedules with the same UID and a higher SEQUENCE; refuses a clash and out-of-hours times', async () => {
    const kickoff = meetings[0];
    const checkpoint = meetings.find((m) => m.kind === 'checkpoint-weekly');
    const clash = await lead.patch(`/api/meetings/${kickoff.id}`, { startsAt: checkpoint.startsAt });
    expect(clash.status).toBe(400);
    expect(clash.body.errors[0]).toMatchObject({ path: '/body/startsAt', code: 'personBusy' });
    const night = Temporal.Instant.from(kickoff.startsAt)
      .toZonedDateTimeISO('Europe/Berlin')
      .add({ days: 1 })
      .with({ hour: 22 });
    const late = await lead.patch(`/api/meetings/${kickoff.id}`, { startsAt: night.toInstant().toString() });
    expect(late.status).toBe(400);
    expect(late.body.errors[0].code).toBe('outsideBusinessHours');
    // one hour later the same day (still in everyone's hours) or the next weekday at the same time
    let target = Temporal.Instant.from(kickoff.startsAt).add({ hours: 24 * 7 + 1 });
    const t = target.toZonedDateTimeISO('Europe/Berlin');
    if (t.hour >= 16) target = target.subtract({ hours: 2 });
    const moved = await lead.patch(`/api/meetings/${kickoff.id}`, {
      startsAt: target.toString(),
      reason: 'Customer asked',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.sequence).toBe(1);
    // the same request again changes nothing
    const retried = await lead.patch(`/api/meetings/${kickoff.id}`, {
      startsAt: target.toString(),
      reason: 'Customer asked',
    });
    expect(retried.status).toBe(200);
    expect(retried.body.sequence).toBe(1);
    const mail = await h.smtp.waitForTo(customerAdmin.email, (m) => {
      const part = m.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      return (
        !!part &&
        /SEQUENCE:1\r\n/.test(part.content.toString('utf8')) &&
        part.content.toString('utf8').includes(kickoff.id)
      );
    });
    const { event, parsed } = icsOf(mail);
    expect(event.getFirstPropertyValue('uid')).toBe(`${kickoff.id}@fasttrack-center`);
    expect(parsed.startDate.toJSDate().toISOString()).toBe(new Date(target.epochMilliseconds).toISOString());
    // the security conversation and workshop that came right after the kickoff follow it
    const after = (await lead.get(`/api/engagements/${engagementId}/meetings`)).body;
    const kick = after.find((m: any) => m.id === kickoff.id);
    for (const m of after.filter((x: any) => ['security-conversation', 'workshop'].includes(x.kind)))
      expect(Date.parse(m.startsAt)).toBeGreaterThan(Date.parse(kick.endsAt));
    const audit = await h.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'meeting.reschedule')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('cancels with METHOD:CANCEL and frees the people’s time', async () => {
    const checkpoint = meetings.filter((m) => m.kind === 'checkpoint-weekly')[2];
    const res = await lead.post(`/api/meetings/${checkpoint.id}/cancel`, { reason: 'Holiday week' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const mail = await h.smtp.waitForTo(people.engineer!.email, (m) => {
      const part = m.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      return !!part && part.content.toString('utf8').includes('METHOD:CANCEL');
    });
    const { comp, event } = icsOf(mail);
    expect(comp.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.getFirstPropertyValue('uid')).toBe(`${checkpoint.id}@fasttrack-center`);
    expect(event.getFirstPropertyValue('sequence')).toBe(1);
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    const booked = await h.db
      .selectFrom('bookings')
      .select('user_id')
      .where('meeting_id', '=', checkpoint.id)
      .execute();
    expect(booked).toEqual([]);
    const again = await lead.post(`/api/meetings/${checkpoint.id}/cancel`, {});
    expect(again.status).toBe(409);
    // the customer sees meetings but does not change them
    const customer = await as(h.app, customerAdmin.email);
    expect((await customer.get(`/api/engagements/${engagementId}/meetings`)).status).toBe(200);
    expect((await customer.post(`/api/meetings/${meetings[1].id}/cancel`, {})).status).toBe(403);
  });

  it('never double-books a person when engagements are assigned at the same time', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await fileAndApprove('de', 60, await newCustomer()));
    const results = await Promise.all(
      ids.map((id) =>
        lead.post(`/api/engagements/${id}/assignments`, {
          role: 'fasttrack-manager',
          userId: people.manager!.id,
          primary: true,
        }),
      ),
    );
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(201);
    const rows = await h.db
      .selectFrom('bookings')
      .select(['starts_at', 'ends_at'])
      .where('user_id', '=', people.manager!.id)
      .orderBy('starts_at')
      .execute();
    for (const id of ids) {
      const booked = await h.db
        .selectFrom('meetings')
        .select('kind')
        .where('engagement_id', '=', id)
        .where('status', '=', 'scheduled')
        .execute();
      expect(booked.map((m) => m.kind)).toContain('kickoff');
    }
    for (let i = 1; i < rows.length; i++)
      expect(rows[i]!.starts_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.ends_at.getTime());
  });
});

describe('referrals', () => {
  let partners: { id: string; admin: { id: string; email: string } }[] = [];
  let refEngagement: string;

  it('offers to the best partner with a deadline of 2 of its business days, skipping its weekend and holidays', async () => {
    const make = async (language: string, zone: string, holiday: string | null) => {
      const id = await makeOrganisation(h.db, 'partner', `Partner ${uniq()}`);
      const admin = await makeUser(h.db, id, 'admin', { language });
      const client = await as(h.app, admin.email);
      const res = await client.put(`/api/partners/${id}/profile`, {
        languages: ['de', 'en'],
        countries: ['DE', 'AT'],
        workloads: ['exchange-online', 'teams'],
        capacity: 5,
        timeZone: zone,
        businessHours: hours(WEEKDAYS.start, WEEKDAYS.end),
        holidays: holiday ? [{ date: holiday, name: 'Betriebsferien' }] : [],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return { id, admin };
    };
    // the first partner closes on the next two weekdays
    const next = (n: number) => {
      let d = Temporal.Now.plainDateISO('Europe/Berlin');
      for (let k = 0; k < n; ) {
        d = d.add({ days: 1 });
        if (d.dayOfWeek <= 5) k++;
      }
      return d.toString();
    };
    partners = [await make('de', 'Europe/Berlin', next(1)), await make('ja', 'Asia/Tokyo', null)];
    await h.db
      .updateTable('partner_profiles')
      .set({
        holidays: JSON.stringify([
          { date: next(1), name: 'A' },
          { date: next(2), name: 'B' },
        ]),
      })
      .where('organisation_id', '=', partners[0]!.id)
      .execute();
    // the second partner was offered more recently: the first comes first in the rotation
    await h.db
      .updateTable('partner_profiles')
      .set({ last_offered_at: new Date() })
      .where('organisation_id', '=', partners[1]!.id)
      .execute();
    refEngagement = await fileAndApprove('de', 60, await newCustomer());
    const cands = await lead.get(`/api/engagements/${refEngagement}/referrals/candidates`);
    expect(cands.status).toBe(200);
    expect(cands.body.candidates.slice(0, 2).map((c: any) => c.id)).toEqual([
      partners[0]!.id,
      partners[1]!.id,
    ]);
    const offer = await lead.post(`/api/engagements/${refEngagement}/referrals`, {});
    expect(offer.status, JSON.stringify(offer.body)).toBe(201);
    expect(offer.body.partnerId).toBe(partners[0]!.id);
    // 2 business days on the partner's calendar: its two closed days and any weekend are skipped
    const cal = calendarOf({
      timeZone: 'Europe/Berlin',
      businessHours: hours('09:00', '17:00'),
      holidays: [
        { date: next(1), name: 'A' },
        { date: next(2), name: 'B' },
      ],
    });
    const due = Temporal.Instant.from(offer.body.dueAt).toZonedDateTimeISO('Europe/Berlin');
    expect(due.toPlainDate().toString()).toBe(next(4));
    expect(due.toPlainTime().toString().slice(0, 5)).toBe('17:00');
    expect(cal.holidays.has(due.toPlainDate().toString())).toBe(false);
    const mail = await h.smtp.waitForTo(
      partners[0]!.admin.email,
      (m) => m.subject?.includes('FastTrack') ?? false,
    );
    expect(mail.headers.get('content-language')).toBe('de');
    // another partner cannot answer it; a second open offer is refused
    const other = await as(h.app, partners[1]!.admin.email);
    expect((await other.post(`/api/referrals/${offer.body.id}/accept`, {})).status).toBe(404);
    expect((await lead.post(`/api/engagements/${refEngagement}/referrals`, {})).status).toBe(409);
  });

  it('expires an unanswered offer after its deadline and offers the next partner', async () => {
    const open = await h.db
      .selectFrom('referrals')
      .selectAll()
      .where('engagement_id', '=', refEngagement)
      .executeTakeFirstOrThrow();
    const early = await expireReferrals(h, new Date(open.due_at.getTime() - 60_000));
    expect(early).toEqual([]);
    const late = await expireReferrals(h, new Date(open.due_at.getTime() + 60_000));
    expect(late).toEqual([{ id: open.id, next: partners[1]!.id }]);
    const rows = await h.db
      .selectFrom('referrals')
      .select(['partner_id', 'status'])
      .where('engagement_id', '=', refEngagement)
      .orderBy('offered_at')
      .execute();
    expect(rows).toEqual([
      { partner_id: partners[0]!.id, status: 'expired' },
      { partner_id: partners[1]!.id, status: 'offered' },
    ]);
    const { name } = await h.db
      .selectFrom('engagements as e')
      .innerJoin('organisations as o', 'o.id', 'e.customer_id')
      .select('o.name')
      .where('e.id', '=', refEngagement)
      .executeTakeFirstOrThrow();
    const expired = await h.smtp.waitForTo(
      partners[0]!.admin.email,
      (m) => m.subject === t('de', 'email.referralExpired.subject', { customer: name }),
    );
    expect(expired.headers.get('content-language')).toBe('de');
    const offered = await h.smtp.waitForTo(partners[1]!.admin.email);
    expect(offered.headers.get('content-language')).toBe('ja');
    const audit = await h.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'referral.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'referral.expire',
      'referral.offer',
      'referral.offer',
    ]);
  });

  it('accepting gives the partner the customer; its inbox lists it', async () => {
    const partner = await as(h.app, partners[1]!.admin.email);
    const inbox = await partner.get('/api/referrals');
    expect(inbox.status).toBe(200);
    expect(inbox.body.map((r: any) => r.status)).toEqual(['offered']);
    const ok = await partner.post(`/api/referrals/${inbox.body[0].id}/accept`, {});
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const seen = await partner.get(`/api/engagements/${refEngagement}`);
    expect(seen.status).toBe(200);
    expect((await partner.post(`/api/referrals/${inbox.body[0].id}/decline`, {})).status).toBe(409);
  });

  it('limits a partner pause to 30 days', async () => {
    const partner = await as(h.app, partners[0]!.admin.email);
    const res = await partner.put(`/api/partners/${partners[0]!.id}/profile`, { pausedUntil: inDays(45) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: '/body/pausedUntil', code: 'pauseTooLong' });
    const ok = await partner.put(`/api/partners/${partners[0]!.id}/profile`, { pausedUntil: inDays(10) });
    expect(ok.status).toBe(200);
    const other = await fileAndApprove('de', 60, await newCustomer());
    const cands = await lead.get(`/api/engagements/${other}/referrals/candidates`);
    expect(cands.status, JSON.stringify(cands.body)).toBe(200);
    const paused = cands.body.candidates.find((c: any) => c.id === partners[0]!.id);
    expect(paused.eligible).toBe(false);
    expect(paused.reasons.find((r: any) => !r.ok).code).toBe('paused');
  });
});

describe('calendars and feeds', () => {
  it('imports holidays from an iCalendar feed into a region', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20271224',
      'DTEND;VALUE=DATE:20271227',
      'SUMMARY:Weihnachten',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20271231',
      'SUMMARY:Silvester',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const res = await lead.post('/api/calendars/regions/emea/holidays/import', { ics });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.added).toBe(4);
    const cal = await lead.get('/api/calendars/regions/emea');
    const added = cal.body.holidays.filter((x: any) => x.source === 'added').map((x: any) => x.date);
    expect(added).toEqual(['2027-12-24', '2027-12-25', '2027-12-26', '2027-12-31']);
    const bad = await lead.post('/api/calendars/regions/emea/holidays/import', {
      ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/body/ics');
    const engineer = await as(h.app, 'engineer@fasttrack.example');
    expect(
      (
        await engineer.post('/api/calendars/regions/emea/holidays', {
          holidays: [{ date: '2027-01-02', name: 'x' }],
        })
      ).status,
    ).toBe(403);
  });

  it('serves a personal calendar feed by secret URL; a new URL retires the old one', async () => {
    const manager = await as(h.app, people.manager!.email);
    const first = await manager.post('/api/me/calendar-feed');
    expect(first.status).toBe(201);
    const path = new URL(first.body.url).pathname;
    const feed = await h.app.inject({ method: 'GET', url: path });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const comp = new ICAL.Component(ICAL.parse(feed.body));
    expect(comp.getFirstPropertyValue('method')).toBe('PUBLISH');
    const uids = comp.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'));
    expect(uids).toContain(`${meetings[0].id}@fasttrack-center`);
    const second = await manager.post('/api/me/calendar-feed');
    expect((await h.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: new URL(second.body.url).pathname })).statusCode).toBe(
      200,
    );
    // one meeting as a file, in the reader's zone
    const one = await manager.get(`/api/meetings/${meetings[0].id}/ics`);
    expect(one.status).toBe(200);
    expect(String(one.body)).toContain('TZID=Asia/Tokyo');
  });
});

describe('notifications', () => {
  const title = (lang: 'de' | 'ja', key: string, customer: string) =>
    t(lang, `notification.${key}.title`, { customer });
  const customerName = async () =>
    (
      await h.db
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', customerId)
        .executeTakeFirstOrThrow()
    ).name;

  it('tells the assignee in their language, and marks read one or all', async () => {
    const engineer = await as(h.app, people.engineer!.email);
    const list = await engineer.get('/api/notifications');
    expect(list.status).toBe(200);
    const assigned = list.body.items.find((n: any) => n.kind === 'assignment');
    expect(assigned.title).toBe(title('de', 'assigned', await customerName()));
    expect(assigned.link).toBe(`/engagements/${engagementId}`);
    expect(list.body.unread).toBeGreaterThan(0);
    // and by email, in German, with the link
    const mail = await h.smtp.waitForTo(people.engineer!.email, (m) => m.subject === assigned.title);
    expect(mail.text).toContain(`http://localhost:3000/engagements/${engagementId}`);
    // the customer admin sees the approval of its request in the portal, titled like the email it got
    const customer = await as(h.app, customerAdmin.email);
    const theirs = (await customer.get('/api/notifications')).body.items.find(
      (n: any) => n.kind === 'request',
    );
    expect(theirs.link).toMatch(/^\/requests\/rfa_/);
    await h.smtp.waitForTo(customerAdmin.email, (m) => m.subject === theirs.title);
    expect((await engineer.post(`/api/notifications/${assigned.id}/read`)).status).toBe(204);
    // someone else's notification is not found
    const manager = await as(h.app, people.manager!.email);
    expect((await manager.post(`/api/notifications/${assigned.id}/read`)).status).toBe(404);
    const all = await engineer.post('/api/notifications/read-all');
    expect(all.status).toBe(200);
    expect((await engineer.get('/api/notifications')).body.unread).toBe(0);
  });

  it('pushes new notifications live over server-sent events and respects preferences', async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = h.app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const manager = await as(h.app, people.manager!.email);
    const engineer = await as(h.app, people.engineer!.email);
    // the engineer turns meeting notifications off in the app
    const prefs = await engineer.put('/api/me/notification-preferences', {
      preferences: [{ kind: 'meeting', email: true, inApp: false }],
    });
    expect(prefs.status, JSON.stringify(prefs.body)).toBe(200);
    expect(prefs.body.find((p: any) => p.kind === 'meeting')).toEqual({
      kind: 'meeting',
      email: true,
      inApp: false,
    });
    const meetingNotes = async () =>
      (await engineer.get('/api/notifications')).body.items.filter((n: any) => n.kind === 'meeting').length;
    const before = await meetingNotes();
    const abort = new AbortController();
    const res = await fetch(`${base}/api/notifications/stream`, {
      headers: { cookie: manager.cookie! },
      signal: abort.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const checkpoint = meetings.filter((m) => m.kind === 'checkpoint-weekly')[4];
    const cancelled = await lead.post(`/api/meetings/${checkpoint.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    let text = '';
    const expected = title('ja', 'meetingCancelled', await customerName());
    const until = Date.now() + 10_000;
    while (!text.includes(expected) && Date.now() < until) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    expect(text).toContain('event: notification');
    expect(text).toContain(expected);
    // the engineer attends that checkpoint too, but asked for no meeting notifications in the app
    expect(await meetingNotes()).toBe(before);
  });

  it('alerts the primary manager and the leads once when a first contact is overdue', async () => {
    const { alertOverdueFirstContacts } = await import('../../src/modules/notifications/notifications.ts');
    await h.db
      .updateTable('engagements')
      .set({ first_contact_due_at: new Date(Date.now() - 60_000) })
      .where('id', '=', engagementId)
      .execute();
    const alerted = await alertOverdueFirstContacts(h);
    expect(alerted).toContain(engagementId);
    expect(await alertOverdueFirstContacts(h)).not.toContain(engagementId);
    const manager = await as(h.app, people.manager!.email);
    const list = await manager.get('/api/notifications');
    const sla = list.body.items.filter(
      (n: any) => n.kind === 'sla' && n.link === `/engagements/${engagementId}`,
    );
    expect(sla).toHaveLength(1);
    expect(sla[0].title).toBe(title('ja', 'firstContactOverdue', await customerName()));
    const leadList = await lead.get('/api/notifications');
    expect(
      leadList.body.items.some((n: any) => n.kind === 'sla' && n.link === `/engagements/${engagementId}`),
    ).toBe(true);
  });
});

describe('isolation', () => {
  it('keeps another customer and an unrelated partner out of the engagement’s meetings and referrals', async () => {
    const stranger = await newCustomer();
    const other = await as(h.app, stranger.admin.email);
    const partnerId = await makeOrganisation(h.db, 'partner', `Partner ${uniq()}`);
    const partner = await as(h.app, (await makeUser(h.db, partnerId, 'admin')).email);
    for (const c of [other, partner]) {
      expect((await c.get(`/api/engagements/${engagementId}/meetings`)).status).toBe(404);
      expect((await c.get(`/api/meetings/${meetings[1].id}/ics`)).status).toBe(404);
      expect((await c.get(`/api/engagements/${engagementId}/referrals`)).status).toBe(404);
      expect(
        (await c.patch(`/api/meetings/${meetings[1].id}`, { startsAt: meetings[1].startsAt })).status,
      ).toBe(403);
    }
    // a partner reads only its own offers
    const inbox = await partner.get('/api/referrals');
    expect(inbox.status).toBe(200);
    expect(inbox.body).toEqual([]);
    // profiles of center people are the center's business
    expect((await other.get(`/api/people/${people.manager!.id}/profile`)).status).toBe(404);
    expect((await partner.put(`/api/people/${people.manager!.id}/profile`, { capacity: 50 })).status).toBe(
      404,
    );
  });
});

describe('a customer pause moves the meetings', () => {
  it('moves the meetings inside the pause after it, keeping their wall time and sending updates', async () => {
    const who = await newCustomer();
    const id = await fileAndApprove('de', 120, who);
    const assigned = await lead.post(`/api/engagements/${id}/assignments`, {
      role: 'fasttrack-manager',
      userId: people.manager!.id,
      primary: true,
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    const before = (await lead.get(`/api/engagements/${id}/meetings`)).body as any[];
    const until = inDays(21);
    const customer = await as(h.app, who.admin.email);
    const res = await customer.post(`/api/engagements/${id}/delay`, { until, reason: 'Year-end freeze' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const inside = before.filter((m) => m.startsAt.slice(0, 10) <= until);
    expect(res.body.meetingsMoved).toBe(inside.length);
    const after = (await lead.get(`/api/engagements/${id}/meetings`)).body as any[];
    const berlin = (iso: string) => Temporal.Instant.from(iso).toZonedDateTimeISO('Europe/Berlin');
    // each moved meeting keeps its wall time and spacing (shifted by whole days) unless that time is taken,
    // then takes the next free time
    const shift = berlin(inside[0].startsAt)
      .toPlainDate()
      .until(Temporal.PlainDate.from(until).add({ days: 1 })).days;
    let kept = 0;
    for (const m of after) {
      expect(berlin(m.startsAt).toPlainDate().toString() > until, m.startsAt).toBe(true);
      const was = inside.find((b) => b.id === m.id);
      if (!was) continue;
      expect(m.sequence).toBe(was.sequence + 1);
      const preferred = berlin(was.startsAt).add({ days: shift });
      expect(Date.parse(m.startsAt)).toBeGreaterThanOrEqual(preferred.epochMilliseconds);
      if (Date.parse(m.startsAt) === preferred.epochMilliseconds) kept++;
    }
    expect(kept).toBeGreaterThan(0);
    const kickoff = after.find((m) => m.kind === 'kickoff');
    await h.smtp.waitForTo(who.admin.email, (m) => {
      const part = m.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      return (
        !!part &&
        part.content.toString('utf8').includes(`UID:${kickoff.id}`) &&
        /SEQUENCE:1\r\n/.test(part.content.toString('utf8'))
      );
    });
  });
});
