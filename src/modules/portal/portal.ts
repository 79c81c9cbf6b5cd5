/**
 * Serves the built web portal (web/dist) at `/`: files by path, and index.html for any other GET
 * that is not an API or health route (the portal's own routes). API misses stay problem+json 404s.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from '../../app.ts';

export const PORTAL_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export const isPortalPath = (url: string) =>
  !url.startsWith('/api/') && url !== '/api' && !url.startsWith('/healthz') && !url.startsWith('/readyz');

/**
 * Registers the portal when it has been built; returns whether it was. With `dev` (npm run dev)
 * Vite's dev server serves it instead, with hot reload, and answers its routes itself (returns false).
 */
export async function registerPortal(
  app: App,
  { dir = PORTAL_DIR, dev = false }: { dir?: string; dev?: boolean } = {},
): Promise<boolean> {
  if (dev) {
    const { registerPortalDev } = await import('./portal-dev.ts');
    await registerPortalDev(app);
    return false;
  }
  if (!fs.existsSync(`${dir}index.html`)) return false;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // the build writes .br and .gz beside each file (scripts/precompress.ts)
    preCompressed: true,
    // hashed assets never change; index.html always revalidates. (send's own Cache-Control is off:
    // it would override the one set here.)
    cacheControl: false,
    setHeaders: (res, file) => {
      res.setHeader(
        'cache-control',
        file.includes(`${'/assets/'}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      res.setHeader('vary', 'accept-encoding');
    },
  });
  return true;
}
