/**
 * buildApp(deps): the Fastify instance, used by `main.ts` (listen) and by tests (inject()).
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Config } from './config.ts';
import { type Actor, anonymous } from './modules/access/actor.ts';
import { resolveActor } from './modules/identity/resolve-actor.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { organisationRoutes } from './modules/organisations/organisations.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { programmeRoutes } from './modules/programme/programme.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { requestRoutes } from './modules/requests/requests.routes.ts';
import { engagementRoutes } from './modules/engagements/engagements.routes.ts';
import { reportingRoutes } from './modules/reporting/reporting.routes.ts';
import { isPortalPath, registerPortal } from './modules/portal/portal.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { routingRoutes } from './modules/routing/routing.routes.ts';
import { schedulingRoutes } from './modules/scheduling/scheduling.routes.ts';
import { subscriptionRoutes } from './modules/subscriptions/subscriptions.routes.ts';
import type { Db } from './platform/db/database.ts';
import { AppError } from './platform/errors.ts';
import { uuidv7Hex } from './platform/ids.ts';
import { negotiate } from './platform/i18n/i18n.ts';
import type { Jobs } from './platform/jobs/queue.ts';
import { nulProblems } from './platform/http/nul-guard.ts';
import { sendProblem, toAppError } from './platform/http/problem.ts';
import { validatorCompiler } from './platform/http/validation.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** route needs no signed-in caller */
    public?: boolean;
  }
}

export interface Deps {
  db: Db;
  jobs: Jobs;
  config: Config;
  /** set when the app is shutting down: /readyz answers 503 */
  state?: { draining: boolean };
  signInRateLimit?: { max: number; timeWindow: string | number };
  /** `npm run dev`: Vite's dev server serves the portal, with hot reload (never in production) */
  devPortal?: boolean;
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export async function buildApp(deps: Deps): Promise<App> {
  const app = Fastify({
    logger: deps.config.logLevel === 'silent' ? false : { level: deps.config.logLevel },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : `req_${uuidv7Hex()}`;
    },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: true,
    return503OnClosing: true,
    // npm run dev: the portal's hundreds of module requests stay out of the log
    logController: new LogController({
      disableRequestLogging: deps.devPortal ? (req) => isPortalPath(req.url ?? '') : false,
    }),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.decorateRequest('actor', null as unknown as Actor);

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'FastTrack Center API',
        version: '0.1.0',
        description: 'Onboarding and user-adoption assistance for organisations moving to Microsoft 365.',
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ftc_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (ftc_…)' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    const fallback = negotiate(req.headers['accept-language']) ?? 'en';
    req.actor = anonymous(fallback, String(req.id));
    // the portal's files and health checks need no actor
    if (!req.url.startsWith('/api/')) return;
    req.actor = await resolveActor(deps.db, req, fallback);
  });

  // before the schemas: a NUL passes them but cannot be stored
  app.addHook('preValidation', async (req) => {
    const problems = nulProblems(req.params, '/params');
    nulProblems(req.query, '/querystring', problems);
    nulProblems(req.body, '/body', problems);
    if (problems.length) throw new AppError('validation', 'errors.detail.validation', {}, problems);
  });

  app.addHook('preHandler', async (req) => {
    const cfg = req.routeOptions.config;
    if (
      cfg?.public ||
      !req.routeOptions.url?.startsWith('/api/') ||
      req.routeOptions.url.startsWith('/api/docs')
    )
      return;
    if (!req.actor.userId && !req.actor.tokenId)
      throw new AppError('unauthenticated', 'errors.detail.unauthenticated');
    const mutating = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
    if (mutating && req.actor.viaCookie && req.headers['x-csrf-token'] !== req.actor.csrfToken) {
      throw new AppError('csrf', 'errors.detail.csrf');
    }
  });

  app.setErrorHandler((error, req, reply) => {
    const err = toAppError(error as Error);
    if (err.status >= 500) req.log.error({ err: error }, 'request failed');
    return sendProblem(req, reply, err);
  });
  const portal = await registerPortal(app, { dev: deps.devPortal });
  app.setNotFoundHandler((req, reply) => {
    // the portal's own routes (e.g. /requests/new) are answered by its index.html
    if (portal && req.method === 'GET' && isPortalPath(req.url))
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendProblem(req, reply, new AppError('not_found', 'errors.detail.routeNotFound'));
  });

  await app.register(healthRoutes(deps));
  await app.register(identityRoutes(deps), { prefix: '/api' });
  await app.register(organisationRoutes(deps), { prefix: '/api' });
  await app.register(auditRoutes(deps), { prefix: '/api' });
  await app.register(programmeRoutes(deps), { prefix: '/api' });
  await app.register(adminRoutes(deps), { prefix: '/api' });
  await app.register(subscriptionRoutes(deps), { prefix: '/api' });
  await app.register(requestRoutes(deps), { prefix: '/api' });
  await app.register(engagementRoutes(deps), { prefix: '/api' });
  await app.register(routingRoutes(deps), { prefix: '/api' });
  await app.register(schedulingRoutes(deps), { prefix: '/api' });
  await app.register(notificationRoutes(deps), { prefix: '/api' });
  await app.register(reportingRoutes(deps), { prefix: '/api' });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () =>
    app.swagger(),
  );
  return app;
}
