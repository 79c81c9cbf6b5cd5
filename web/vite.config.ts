/** The portal: built to web/dist and served by the API server at `/`; `npm run dev:web` proxies the API. */
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The catalogues (`locales/<lang>.json`) are shared with the server, which also keeps its errors, emails and
 * notifications there. The portal ships only what it shows: its own words (`ui.*`) and the keys the API hands
 * it to word (request decisions `requests.*`, eligibility explanations `eligibility.*`).
 */
const PORTAL_KEYS = /^(ui|requests|eligibility)\./;
function portalCatalogues(): Plugin {
  return {
    name: 'portal-catalogues',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]locales[\\/][^\\/]+\.json$/.test(id)) return null;
      const all = JSON.parse(code) as Record<string, string>;
      const kept = Object.fromEntries(Object.entries(all).filter(([key]) => PORTAL_KEYS.test(key)));
      return { code: JSON.stringify(kept), map: null };
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [portalCatalogues(), react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
