/** The portal's languages: the same ICU catalogues as the server (locales/<lang>.json), loaded on demand. */
import { type ReactNode, useEffect, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';

import { type Language, LANGUAGES, matchLanguage, PSEUDO } from '../../src/platform/i18n/languages';

export { type Language, LANGUAGES };

const catalogues = import.meta.glob<Record<string, string>>('../../locales/*.json', { import: 'default' });

/** The browser's first language we speak (zh-TW → zh-Hant, pt → pt-BR), else English. */
export function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const hit = matchLanguage(tag);
    if (hit && hit !== PSEUDO) return hit;
  }
  return 'en';
}

export function I18n({ language, children }: { language: Language; children: ReactNode }) {
  const [messages, setMessages] = useState<Record<string, string> | null>(null);
  useEffect(() => {
    let live = true;
    const load = catalogues[`../../locales/${language}.json`] ?? catalogues['../../locales/en.json']!;
    void load().then((m) => live && setMessages(m));
    document.documentElement.lang = language;
    return () => {
      live = false;
    };
  }, [language]);
  if (!messages) return null;
  return (
    <IntlProvider locale={language} messages={messages} defaultLocale="en">
      {children}
    </IntlProvider>
  );
}

/** `t(key, values)` for a `ui.*` key: every word on screen comes from the catalogue. */
export function useT() {
  const intl = useIntl();
  return (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
}
