/**
 * The 12 assistance languages and how a BCP 47 tag maps to one of them. No imports: the server and
 * the web portal share this file.
 */
export const LANGUAGES = [
  'en',
  'fr',
  'de',
  'it',
  'ja',
  'ko',
  'pt-BR',
  'es',
  'th',
  'vi',
  'zh-Hans',
  'zh-Hant',
] as const;
export type Language = (typeof LANGUAGES)[number];
export const PSEUDO = 'en-XA';
export type Locale = Language | typeof PSEUDO;

const ALIASES: Record<string, Language> = {
  zh: 'zh-Hans',
  'zh-cn': 'zh-Hans',
  'zh-sg': 'zh-Hans',
  'zh-hans': 'zh-Hans',
  'zh-tw': 'zh-Hant',
  'zh-hk': 'zh-Hant',
  'zh-mo': 'zh-Hant',
  'zh-hant': 'zh-Hant',
  pt: 'pt-BR',
  'pt-br': 'pt-BR',
  'pt-pt': 'pt-BR',
};

/** Maps a BCP 47 tag to one of our locales, or undefined. */
export function matchLanguage(tag: string): Locale | undefined {
  const lower = tag.trim().toLowerCase();
  if (lower === 'en-xa') return PSEUDO;
  if (ALIASES[lower]) return ALIASES[lower];
  const exact = LANGUAGES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const parts = lower.split('-');
  if (parts[0] === 'zh' && parts.includes('hant')) return 'zh-Hant';
  if (parts[0] === 'zh' && parts.includes('hans')) return 'zh-Hans';
  const base = parts[0] ?? '';
  if (ALIASES[base]) return ALIASES[base];
  return LANGUAGES.find((l) => l === base);
}
