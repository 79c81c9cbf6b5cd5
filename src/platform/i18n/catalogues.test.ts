/** Every catalogue has every key, parses as ICU, and uses the same arguments as English. */
import fs from 'node:fs';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, LOCALES_DIR, negotiate, pseudoLocalise, readCatalogue, t } from './i18n.ts';

/** argument name → kind, plus the selector keys of select arguments */
function signature(elements: MessageFormatElement[], out = new Map<string, string>()): Map<string, string> {
  for (const el of elements) {
    if (el.type === TYPE.argument) out.set(el.value, 'argument');
    if (el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time)
      out.set(el.value, String(el.type));
    if (el.type === TYPE.select) {
      out.set(el.value, `select:${Object.keys(el.options).sort().join(',')}`);
      for (const o of Object.values(el.options)) signature(o.value, out);
    }
    if (el.type === TYPE.plural) {
      out.set(el.value, 'plural');
      for (const o of Object.values(el.options)) signature(o.value, out);
    }
    if (el.type === TYPE.tag) signature(el.children, out);
  }
  return out;
}

const en = readCatalogue('en');

describe('message catalogues', () => {
  it('has one file per FastTrack language and nothing else', () => {
    const files = fs
      .readdirSync(LOCALES_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual([...LANGUAGES].sort());
  });

  for (const lang of LANGUAGES) {
    describe(lang, () => {
      const cat = readCatalogue(lang);
      it('has exactly the English keys', () => {
        expect(Object.keys(cat).sort()).toEqual(Object.keys(en).sort());
      });
      it('parses as ICU with the same arguments as English', () => {
        for (const [key, msg] of Object.entries(cat)) {
          const mine = signature(parse(msg));
          const theirs = signature(parse(en[key]!));
          expect([key, Object.fromEntries(mine)]).toEqual([key, Object.fromEntries(theirs)]);
        }
      });
      if (lang !== 'en') {
        it('is translated (not a copy of English)', () => {
          const same = Object.entries(cat).filter(
            ([k, v]) => v === en[k] && en[k]!.length > 12 && !/^\{\w+\}$/.test(en[k]!),
          );
          expect(same.map(([k]) => k)).toEqual([]);
        });
      }
    });
  }

  it('formats plural and select messages in each language', () => {
    for (const lang of LANGUAGES) {
      expect(t(lang, 'errors.field.minLength', { limit: 3 })).toMatch(/3/);
      expect(t(lang, 'errors.detail.notFound', { what: 'customer' })).not.toBe('errors.detail.notFound');
    }
  });

  it('derives a pseudo-locale that keeps placeholders', () => {
    expect(pseudoLocalise('Hello {name}')).toBe('[Hélló {name}]');
    expect(t('en-XA', 'errors.field.minLength', { limit: 2 })).toMatch(/^\[.*2.*\]$/);
  });

  it('negotiates Accept-Language with q-values and Chinese scripts', () => {
    expect(negotiate('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(negotiate('zh-TW')).toBe('zh-Hant');
    expect(negotiate('zh-Hans-CN')).toBe('zh-Hans');
    expect(negotiate('pt-PT')).toBe('pt-BR');
    expect(negotiate('nl;q=1, ko;q=0.5')).toBe('ko');
    expect(negotiate('nl, sv')).toBeUndefined();
  });
});
