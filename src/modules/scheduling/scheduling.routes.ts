/** Assignment and meetings: routing profiles, calendars, meetings, .ics files and calendar feeds. */
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { notFound } from '../../platform/errors.ts';
import { DateString, errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts';
import { cancelMeeting, confirmMeetings, listMeetings, rescheduleMeeting } from './meetings.ts';
import { calendarFeed, meetingIcs, rotateCalendarFeed } from './feeds.ts';
import {
  getPartnerProfile,
  getPersonProfile,
  listPeople,
  putPartnerProfile,
  putPersonProfile,
} from './profiles.ts';
import {
  addRegionHolidays,
  getRegionCalendar,
  importRegionHolidays,
  removeRegionHoliday,
} from './region-calendars.ts';

const strict = { additionalProperties: false } as const;
const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 60 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Language = Type.String({ pattern: '^[a-z]{2}(-[A-Za-z]{2,4})?$', maxLength: 10 });
const Country = Type.String({ pattern: '^[A-Z]{2}$' });
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const Day = Type.Array(Type.Object({ start: Time, end: Time }, strict), { maxItems: 4 });
const Hours = Type.Object(
  { mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day },
  { ...strict, description: 'weekly hours as local wall times' },
);
const Holiday = Type.Object(
  { date: DateString, name: Type.String({ minLength: 1, maxLength: 200 }) },
  strict,
);
const Range = Type.Object({ from: DateString, to: DateString }, strict);
const Zone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' });

const Meeting = Type.Object({
  id: Type.String(),
  engagementId: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  seriesIndex: Type.Integer(),
  status: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  timeZone: Type.String(),
  sequence: Type.Integer(),
  onlineUrl: Nullable(Type.String()),
  attendees: Type.Array(Type.Object({ name: Type.String(), email: Type.String(), role: Type.String() })),
});
const PersonProfile = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  roles: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  regions: Type.Array(Type.String()),
  workloads: Type.Array(Type.String()),
  capacity: Type.Integer(),
  workingHours: Nullable(Hours),
  holidays: Type.Array(Holiday),
  away: Type.Array(Range),
  lastAssignedAt: Nullable(Type.String()),
});
const PartnerProfile = Type.Object({
  partnerId: Type.String(),
  languages: Type.Array(Type.String()),
  countries: Type.Array(Type.String()),
  industries: Type.Array(Type.String()),
  minSeats: Type.Integer(),
  maxSeats: Nullable(Type.Integer()),
  workloads: Type.Array(Type.String()),
  capacity: Type.Integer(),
  pausedUntil: Nullable(Type.String()),
  timeZone: Type.String(),
  businessHours: Hours,
  holidays: Type.Array(Holiday),
});
const RegionCalendar = Type.Object({
  region: Type.String(),
  timeZone: Type.String(),
  businessHours: Hours,
  holidays: Type.Array(Type.Object({ date: Type.String(), name: Type.String(), source: Type.String() })),
});
const Strings = (item = Slug) => Type.Array(item, { maxItems: 50, uniqueItems: true });

export function schedulingRoutes(deps: Deps) {
  return async (app: App) => {
    const tags = ['assignment and meetings'];
    const id = (req: { params: unknown }) => (req.params as { id: string }).id;

    // ---- profiles and calendars -----------------------------------------------------------------------------
    app.get(
      '/people',
      {
        schema: {
          tags,
          summary: 'Center people with their routing profiles',
          response: { 200: Type.Array(PersonProfile), ...errorResponses },
        },
      },
      async (req) => listPeople(deps, req.actor),
    );
    app.get(
      '/people/:id/profile',
      {
        schema: {
          tags,
          summary: 'A center person’s routing profile',
          params: IdParams,
          response: { 200: PersonProfile, ...errorResponses },
        },
      },
      async (req) => getPersonProfile(deps, req.actor, id(req)),
    );
    app.put(
      '/people/:id/profile',
      {
        schema: {
          tags,
          summary: 'Set a routing profile (center lead; a person their own hours, holidays and away periods)',
          params: IdParams,
          body: Type.Object(
            {
              roles: Type.Optional(Strings()),
              languages: Type.Optional(Strings(Language)),
              regions: Type.Optional(Strings()),
              workloads: Type.Optional(Strings()),
              capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 500 })),
              workingHours: Type.Optional(Nullable(Hours)),
              holidays: Type.Optional(Type.Array(Holiday, { maxItems: 400 })),
              away: Type.Optional(Type.Array(Range, { maxItems: 100 })),
              timeZone: Type.Optional(Zone),
            },
            strict,
          ),
          response: { 200: PersonProfile, ...errorResponses },
        },
      },
      async (req) => putPersonProfile(deps, req.actor, id(req), req.body as never),
    );
    app.get(
      '/partners/:id/profile',
      {
        schema: {
          tags,
          summary: 'A partner’s routing profile',
          params: IdParams,
          response: { 200: PartnerProfile, ...errorResponses },
        },
      },
      async (req) => getPartnerProfile(deps, req.actor, id(req)),
    );
    app.put(
      '/partners/:id/profile',
      {
        schema: {
          tags,
          summary: 'Set a partner’s routing profile (its admin or a center lead); pause for up to 30 days',
          params: IdParams,
          body: Type.Object(
            {
              languages: Type.Optional(Strings(Language)),
              countries: Type.Optional(Type.Array(Country, { maxItems: 250, uniqueItems: true })),
              industries: Type.Optional(Strings()),
              minSeats: Type.Optional(Type.Integer({ minimum: 0 })),
              maxSeats: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
              workloads: Type.Optional(Strings()),
              capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
              pausedUntil: Type.Optional(Nullable(DateString)),
              timeZone: Type.Optional(Zone),
              businessHours: Type.Optional(Nullable(Hours)),
              holidays: Type.Optional(Type.Array(Holiday, { maxItems: 400 })),
            },
            strict,
          ),
          response: { 200: PartnerProfile, ...errorResponses },
        },
      },
      async (req) => putPartnerProfile(deps, req.actor, id(req), req.body as never),
    );
    const RegionParams = Type.Object({ region: Slug });
    app.get(
      '/calendars/regions/:region',
      {
        schema: {
          tags,
          summary: 'A region’s business hours and holidays',
          params: RegionParams,
          response: { 200: RegionCalendar, ...errorResponses },
        },
      },
      async (req) => getRegionCalendar(deps, req.actor, (req.params as { region: string }).region),
    );
    app.post(
      '/calendars/regions/:region/holidays',
      {
        schema: {
          tags,
          summary: 'Add holidays to a region (center lead)',
          params: RegionParams,
          body: Type.Object({ holidays: Type.Array(Holiday, { minItems: 1, maxItems: 400 }) }, strict),
          response: { 200: Type.Object({ added: Type.Integer() }), ...errorResponses },
        },
      },
      async (req) =>
        addRegionHolidays(
          deps,
          req.actor,
          (req.params as { region: string }).region,
          (req.body as { holidays: never }).holidays,
          'manual',
        ),
    );
    app.post(
      '/calendars/regions/:region/holidays/import',
      {
        schema: {
          tags,
          summary: 'Import holidays from an iCalendar feed (all-day events) (center lead)',
          params: RegionParams,
          body: Type.Object({ ics: Type.String({ minLength: 1, maxLength: 500_000 }) }, strict),
          response: { 200: Type.Object({ added: Type.Integer() }), ...errorResponses },
        },
      },
      async (req) =>
        importRegionHolidays(
          deps,
          req.actor,
          (req.params as { region: string }).region,
          (req.body as { ics: string }).ics,
        ),
    );
    app.delete(
      '/calendars/regions/:region/holidays/:date',
      {
        schema: {
          tags,
          summary: 'Remove an added holiday (center lead)',
          params: Type.Object({ region: Slug, date: DateString }),
          response: { 204: NoContent, ...errorResponses },
        },
      },
      async (req, reply) => {
        const p = req.params as { region: string; date: string };
        await removeRegionHoliday(deps, req.actor, p.region, p.date);
        return reply.status(204).send(null);
      },
    );

    // ---- meetings -------------------------------------------------------------------------------------------
    app.get(
      '/engagements/:id/meetings',
      {
        schema: {
          tags,
          summary: 'The engagement’s meetings',
          params: IdParams,
          response: { 200: Type.Array(Meeting), ...errorResponses },
        },
      },
      async (req) => listMeetings(deps, req.actor, id(req)),
    );
    app.post(
      '/engagements/:id/meetings/confirm',
      {
        schema: {
          tags,
          summary: 'Book the proposed meetings (MEETING_BOOKING=propose); clashing ones are skipped',
          params: IdParams,
          response: {
            200: Type.Object({ confirmed: Type.Integer(), skipped: Type.Array(Type.String()) }),
            ...errorResponses,
          },
        },
      },
      async (req) => confirmMeetings(deps, req.actor, id(req)),
    );
    app.patch(
      '/meetings/:id',
      {
        schema: {
          tags,
          summary: 'Reschedule a meeting (same invite UID, higher SEQUENCE; later one-off meetings re-flow)',
          params: IdParams,
          body: Type.Object(
            {
              startsAt: Type.String({ format: 'date-time' }),
              reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
            },
            strict,
          ),
          response: {
            200: Type.Object({
              id: Type.String(),
              sequence: Type.Integer(),
              startsAt: Type.String(),
              moved: Type.Integer(),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => rescheduleMeeting(deps, req.actor, id(req), req.body as never),
    );
    app.post(
      '/meetings/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel a meeting (attendees receive METHOD:CANCEL)',
          params: IdParams,
          body: Type.Object(
            { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
            strict,
          ),
          response: {
            200: Type.Object({ id: Type.String(), sequence: Type.Integer(), status: Type.String() }),
            ...errorResponses,
          },
        },
      },
      async (req) => cancelMeeting(deps, req.actor, id(req), req.body as never),
    );
    app.get(
      '/meetings/:id/ics',
      {
        schema: {
          tags,
          summary: 'The meeting as an iCalendar file, in your time zone',
          params: IdParams,
          response: { 200: Type.String({ description: 'text/calendar' }), ...errorResponses },
        },
      },
      async (req, reply) =>
        reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', 'attachment; filename="meeting.ics"')
          .send(await meetingIcs(deps, req.actor, id(req))),
    );
    app.post(
      '/me/calendar-feed',
      {
        schema: {
          tags,
          summary: 'Create (or replace) your calendar feed URL; the old URL stops working',
          response: { 201: Type.Object({ url: Type.String() }), ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await rotateCalendarFeed(deps, req.actor)),
    );
    app.get(
      '/calendar/:token',
      {
        config: { public: true },
        schema: {
          tags,
          security: [],
          summary: 'Calendar feed (subscribe from Outlook or any calendar app); the URL is the secret',
          params: Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,64}\\.ics$' }) }),
          response: { 200: Type.String({ description: 'text/calendar' }), 404: errorResponses[404] },
        },
      },
      async (req, reply) => {
        const token = (req.params as { token: string }).token.replace(/\.ics$/, '');
        const text = await calendarFeed(deps, token);
        if (text === null) throw notFound('calendar');
        return reply
          .type('text/calendar; charset=utf-8')
          .header('cache-control', 'private, max-age=300')
          .send(text);
      },
    );
  };
}
