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

/** Registers the portal when it has been built; returns whether it was. */
export async function registerPortal(app: App, dir = PORTAL_DIR): Promise<boolean> {
  if (!fs.existsSync(`${dir}index.html`)) return false;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // hashed assets never change; index.html always revalidates
    setHeaders: (res, file) => {
      res.setHeader(
        'cache-control',
        file.includes(`${'/assets/'}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return true;
}
