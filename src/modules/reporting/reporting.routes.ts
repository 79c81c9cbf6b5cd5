/** Reports for the center: the dashboard's figures. */
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { LANGUAGES } from '../../platform/i18n/i18n.ts';
import { DateString, errorResponses } from '../../platform/http/schemas.ts';
import { STATUSES } from '../requests/request.model.ts';
import { DEFAULT_WEEKS, getDashboard, MAX_WEEKS } from './dashboard.ts';

const Count = Type.Integer({ minimum: 0 });

const Dashboard = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  weeks: Type.Integer({ description: 'how many weeks requestsByWeek covers, this week included' }),
  requestsByWeek: Type.Array(
    Type.Object({
      weekStart: DateString,
      isoWeek: Type.String({ description: 'ISO 8601 week, e.g. 2026-W05' }),
      total: Count,
      byStatus: Type.Object(Object.fromEntries(STATUSES.map((s) => [s, Count])), {
        description: 'requests created that week, by their current status',
      }),
    }),
    { description: 'oldest first; weeks start on Monday 00:00 UTC; weeks without requests included' },
  ),
  requestsByLanguage: Type.Array(Type.Object({ language: Type.Enum([...LANGUAGES]), requests: Count }), {
    description: 'requests created in the same weeks, by preferred language',
  }),
  activeEngagements: Count,
  engagementsByPhase: Type.Array(
    Type.Object({
      phase: Type.String(),
      engagements: Type.Integer({ description: 'active engagements with a workload in this phase' }),
      workloads: Type.Integer({ description: 'workloads (service records) in this phase' }),
    }),
  ),
  engagementsByMotion: Type.Array(Type.Object({ motion: Type.String(), engagements: Count })),
  engagementsByRegion: Type.Array(
    Type.Object({ region: Type.Union([Type.String(), Type.Null()]), engagements: Count }),
  ),
  overdue: Type.Object({
    firstContact: Type.Integer({
      description:
        'active engagements whose first-contact clock ran out without a contact (list: sla=overdue)',
    }),
    notes: Type.Integer({ description: 'active engagements with a note overdue (list: notes=overdue)' }),
  }),
  triage: Type.Object({
    unclaimed: Type.Integer({ description: 'submitted requests nobody has claimed' }),
    waiting: Type.Integer({ description: "requests waiting for the requester's answer" }),
    unanswered: Type.Integer({ description: 'of those, the ones still unanswered after every reminder' }),
    messages: Type.Integer({
      description:
        "open requests whose latest entry is a message from the requester's side (list: messages=waiting)",
    }),
    late: Type.Integer({
      description:
        "open requests still without the center's first answer after the response time (list: response=overdue)",
    }),
  }),
  firstAnswers: Type.Object(
    {
      inTime: Type.Integer({ description: 'answered within the response time' }),
      late: Type.Integer({ description: 'answered after it' }),
      overdue: Type.Integer({ description: 'still unanswered, past it' }),
      waiting: Type.Integer({ description: 'still unanswered, within it' }),
    },
    {
      description:
        'the first-response clocks of the requests filed in the period (requests closed without an answer owed are left out)',
    },
  ),
});

export const reportingRoutes = (deps: Deps) => async (app: App) => {
  app.get(
    '/reports/dashboard',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Center dashboard: requests per week by status, the active pipeline by phase, motion and region, requests by language, overdue clocks',
        querystring: Type.Object(
          {
            weeks: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: MAX_WEEKS,
                default: DEFAULT_WEEKS,
                description: 'weeks of requests',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Dashboard, ...errorResponses },
      },
    },
    async (req) => getDashboard(deps.db, req.actor, (req.query as { weeks?: number }).weeks),
  );
};
