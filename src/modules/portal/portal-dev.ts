/**
 * Development only (`npm run dev`): the portal is served by Vite's dev server in middleware mode on
 * the API's own port, with hot reload — its websocket shares the same HTTP server. Imported
 * dynamically by `registerPortal` when asked for, so production (`npm start`) never loads Vite.
 */
import { fileURLToPath } from 'node:url';
import type { App } from '../../app.ts';
import { isPortalPath } from './portal.ts';

const CONFIG = fileURLToPath(new URL('../../../web/vite.config.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

export async function registerPortalDev(app: App): Promise<void> {
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: CONFIG,
    root: ROOT,
    appType: 'spa',
    logLevel: app.log.level === undefined || app.log.level === 'silent' ? 'silent' : 'info',
    server: { middlewareMode: true, ws: { server: app.server } },
  });
  // Vite answers the portal's paths (modules, /@vite/client, index.html for the portal's routes); what
  // it leaves (e.g. a missing asset) goes on to Fastify's routes and its problem+json 404.
  app.addHook('onRequest', (req, reply, done) => {
    if (!isPortalPath(req.url)) return done();
    vite.middlewares(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
  app.addHook('onClose', async () => {
    await vite.close();
  });
}
