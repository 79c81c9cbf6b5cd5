/**
 * The portal's words all come from the catalogues: every `t('ui.…')` key it uses exists (and so, by
 * the catalogue tests, exists in all 12 languages), and no JSX text is written in code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCatalogue } from './i18n.ts';

const WEB = path.resolve(import.meta.dirname, '../../../web/src');
const files = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
/** Product names may appear as they are. */
const PRODUCT_NAMES = new Set(['FastTrack Center']);

describe('portal catalogue', () => {
  const en = readCatalogue('en');
  const sources = files(WEB).map((f) => ({ f: path.relative(WEB, f), text: fs.readFileSync(f, 'utf8') }));

  it('uses only keys that exist', () => {
    const missing: string[] = [];
    let used = 0;
    for (const { f, text } of sources)
      for (const m of text.matchAll(/\bt\(\s*'(ui\.[\w.-]+)'/g)) {
        used++;
        if (!(m[1]! in en)) missing.push(`${f}: ${m[1]}`);
      }
    expect(used).toBeGreaterThan(200);
    expect(missing).toEqual([]);
  });

  it('has no words written straight into JSX', () => {
    const found: string[] = [];
    for (const { f, text } of sources) {
      if (!f.endsWith('.tsx')) continue;
      for (const m of text.matchAll(/>\s*([A-Za-z][A-Za-z ,.'!?-]{2,})\s*</g)) {
        const words = m[1]!.trim();
        if (!PRODUCT_NAMES.has(words)) found.push(`${f}: ${words}`);
      }
    }
    expect(found).toEqual([]);
  });
});
