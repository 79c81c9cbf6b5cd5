/**
 * Message catalogues (ICU) shared by the web and the server: locales/<lang>.json, flat dotted keys.
 * The pseudo-locale `en-XA` is derived from English at load so untranslated strings show up in tests.
 */
import fs from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';

export { LANGUAGES, type Language, type Locale, matchLanguage, PSEUDO } from './languages.ts';
import { LANGUAGES, type Locale, matchLanguage, PSEUDO } from './languages.ts';

export const LOCALES_DIR = new URL('../../../locales/', import.meta.url);

export type Catalogue = Record<string, string>;

export function readCatalogue(lang: string): Catalogue {
  return JSON.parse(fs.readFileSync(new URL(`${lang}.json`, LOCALES_DIR), 'utf8')) as Catalogue;
}

const ACCENTS: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'í',
  o: 'ó',
  u: 'ú',
  A: 'Å',
  E: 'É',
  I: 'Í',
  O: 'Ó',
  U: 'Ú',
  c: 'ç',
  n: 'ñ',
};

/** Accents letters outside ICU placeholders and brackets the result: "[Šíǧñ íñ]". */
export function pseudoLocalise(message: string): string {
  let depth = 0;
  let out = '';
  for (const ch of message) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    out += depth === 0 && ACCENTS[ch] ? ACCENTS[ch] : ch;
  }
  return `[${out}]`;
}

const catalogues = new Map<Locale, Catalogue>();
const compiled = new Map<string, IntlMessageFormat>();

export function catalogue(locale: Locale): Catalogue {
  let c = catalogues.get(locale);
  if (!c) {
    if (locale === PSEUDO) {
      const en = catalogue('en');
      c = Object.fromEntries(Object.entries(en).map(([k, v]) => [k, pseudoLocalise(v)]));
    } else {
      c = readCatalogue(locale);
    }
    catalogues.set(locale, c);
  }
  return c;
}

export function isLocale(x: string): x is Locale {
  return x === PSEUDO || (LANGUAGES as readonly string[]).includes(x);
}

/** Formats a message in `locale`, falling back to English, then to the key itself. */
export function t(locale: Locale, key: string, values?: Record<string, unknown>): string {
  const cat = catalogue(locale);
  let lang: Locale = locale;
  let msg = cat[key];
  if (msg === undefined) {
    msg = catalogue('en')[key];
    lang = 'en';
  }
  if (msg === undefined) return key;
  const id = `${lang}\u0000${key}`;
  let fmt = compiled.get(id);
  if (!fmt) {
    fmt = new IntlMessageFormat(msg, lang === PSEUDO ? 'en' : lang);
    compiled.set(id, fmt);
  }
  return String(fmt.format(values as Record<string, string>));
}

/** Picks a locale from an Accept-Language header by q-value. */
export function negotiate(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag ?? '', q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((x) => x.tag && x.tag !== '*' && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    const m = matchLanguage(r.tag);
    if (m) return m;
  }
  return undefined;
}
