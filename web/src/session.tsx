/** Who is signed in, for which organisation, in which language and time zone. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, setCsrfToken } from './api/client';
import { browserLanguage, type Language, LANGUAGES } from './i18n';

export interface Me {
  user: { id: string; email: string; name: string; language: string | null; timeZone: string };
  organisation: { id: string; kind: string; name: string; role: string } | null;
  memberships: { organisationId: string; kind: string; name: string; role: string }[];
  locale: string;
  csrfToken: string | null;
}

interface Session {
  me: Me | null;
  loading: boolean;
  language: Language;
  signIn(email: string, password: string): Promise<string | null>;
  signOut(): Promise<void>;
  switchOrganisation(id: string): Promise<void>;
  setLanguage(language: Language): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);
const STORED = 'ftc.language';
const isLanguage = (l: unknown): l is Language => LANGUAGES.includes(l as Language);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [chosen, setChosen] = useState<Language>(() => {
    const stored = localStorage.getItem(STORED);
    return isLanguage(stored) ? stored : browserLanguage();
  });
  const accept = useCallback((next: Me | null) => {
    setMe(next);
    setCsrfToken(next?.csrfToken ?? null);
  }, []);

  useEffect(() => {
    void api.GET('/api/me').then(({ data }) => {
      accept((data as Me | undefined) ?? null);
      setLoading(false);
    });
  }, [accept]);

  const session = useMemo<Session>(
    () => ({
      me,
      loading,
      language: isLanguage(me?.user.language) ? me.user.language : chosen,
      async signIn(email, password) {
        const { data, error } = await api.POST('/api/auth/sign-in', { body: { email, password } });
        if (error) return (error as { detail?: string }).detail ?? 'error';
        accept(data as Me);
        const fresh = await api.GET('/api/me');
        accept((fresh.data as Me | undefined) ?? (data as Me));
        return null;
      },
      async signOut() {
        await api.POST('/api/auth/sign-out');
        accept(null);
      },
      async switchOrganisation(organisationId) {
        const { data } = await api.POST('/api/me/organisation', { body: { organisationId } });
        if (data) accept(data as Me);
      },
      async setLanguage(language) {
        localStorage.setItem(STORED, language);
        setChosen(language);
        if (me) {
          const { data } = await api.PATCH('/api/me', { body: { language } });
          if (data) accept(data as Me);
        }
      },
    }),
    [me, loading, chosen, accept],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Dates and times in the reader's language and time zone. */
export function useFormat() {
  const { me, language } = useSession();
  const timeZone = me?.user.timeZone;
  return useMemo(
    () => ({
      date: (v: string | null | undefined) =>
        v
          ? new Intl.DateTimeFormat(language, {
              dateStyle: 'medium',
              timeZone: v.length === 10 ? 'UTC' : timeZone,
            }).format(new Date(v.length === 10 ? `${v}T00:00:00Z` : v))
          : '—',
      dateTime: (v: string | null | undefined) =>
        v
          ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
              new Date(v),
            )
          : '—',
      number: (n: number) => new Intl.NumberFormat(language).format(n),
    }),
    [language, timeZone],
  );
}
