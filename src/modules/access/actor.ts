/** Who is asking: the user (or API token), the organisation they act for, and their role there. */
import type { OrganisationKind } from '../../platform/db/schema.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';

export interface Actor {
  userId: string | null;
  tokenId: string | null;
  sessionId: string | null;
  organisationId: string | null;
  orgKind: OrganisationKind | null;
  role: string | null;
  locale: Locale;
  requestId: string;
  /** true when the request carried a session cookie (CSRF applies) */
  viaCookie: boolean;
  csrfToken: string | null;
  /** the person acting (for an API token: the person who made it), loaded with the session or token */
  profile?: { email: string; name: string; language: string | null; timeZone: string };
}

export const ROLES: Record<OrganisationKind, readonly string[]> = {
  center: ['admin', 'lead', 'manager', 'engineer', 'migration-manager'],
  customer: ['admin', 'member'],
  partner: ['admin', 'member'],
};

export const ALL_ROLES = [...new Set(Object.values(ROLES).flat())];

export function anonymous(locale: Locale, requestId: string): Actor {
  return {
    userId: null,
    tokenId: null,
    sessionId: null,
    organisationId: null,
    orgKind: null,
    role: null,
    locale,
    requestId,
    viaCookie: false,
    csrfToken: null,
  };
}

/** The server itself acting (scheduled jobs): no person, no organisation; the request id names the job. */
export const systemActor = (job: string): Actor => anonymous('en', job);
