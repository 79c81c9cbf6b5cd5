/** Meetings, routing suggestions and referrals of an engagement: the API's types and cached reads. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { useSession } from '../../session';
import { engagementKey } from './data';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Meeting = Json<paths['/api/engagements/{id}/meetings']['get']['responses'][200]>[number];
export type Suggestions = Json<paths['/api/engagements/{id}/routing']['get']['responses'][200]>;
export type Candidate = Suggestions['candidates'][number];
export type Referral = Json<paths['/api/referrals']['get']['responses'][200]>[number];
export type RoutableRole = NonNullable<
  paths['/api/engagements/{id}/routing']['get']['parameters']['query']
>['role'];

export const ROUTABLE_ROLES: readonly RoutableRole[] = [
  'fasttrack-manager',
  'fasttrack-engineer',
  'migration-manager',
];

/** Throws the problem so react-query shows it as an error. */
export function unwrap<T>(r: { data?: T; error?: unknown }): T {
  if (r.error !== undefined) throw r.error;
  return r.data as T;
}

export function useMeetings(id: string) {
  const { language } = useSession();
  return useQuery({
    queryKey: [...engagementKey(id), 'meetings', language],
    queryFn: async () =>
      unwrap(await api.GET('/api/engagements/{id}/meetings', { params: { path: { id } } })),
  });
}

export function useRouting(id: string, role: RoutableRole, enabled = true) {
  const { language } = useSession();
  return useQuery({
    queryKey: [...engagementKey(id), 'routing', role, language],
    queryFn: async () =>
      unwrap(await api.GET('/api/engagements/{id}/routing', { params: { path: { id }, query: { role } } })),
    enabled,
  });
}

export function usePartnerCandidates(id: string, enabled = true) {
  const { language } = useSession();
  return useQuery({
    queryKey: [...engagementKey(id), 'referral-candidates', language],
    queryFn: async () =>
      unwrap(await api.GET('/api/engagements/{id}/referrals/candidates', { params: { path: { id } } })),
    enabled,
  });
}

export function useEngagementReferrals(id: string, enabled = true) {
  return useQuery({
    queryKey: [...engagementKey(id), 'referrals'],
    queryFn: async () =>
      unwrap(await api.GET('/api/engagements/{id}/referrals', { params: { path: { id } } })),
    enabled,
  });
}

/**
 * What the meeting series looks like right after a primary manager was assigned: how many meetings, whether
 * they are booked or only proposed, and whether the kickoff ends before the first-contact deadline.
 */
export interface SeriesSummary {
  meetings: number;
  proposed: boolean;
  kickoffInTime: boolean | null;
}

export async function seriesSummary(
  id: string,
  fromServer?: { meetings: number; kickoffInTime: boolean | null } | null,
): Promise<SeriesSummary | null> {
  const [list, detail] = await Promise.all([
    api.GET('/api/engagements/{id}/meetings', { params: { path: { id } } }),
    fromServer ? Promise.resolve(null) : api.GET('/api/engagements/{id}', { params: { path: { id } } }),
  ]);
  const meetings = (list.data ?? []).filter((m) => m.status !== 'cancelled');
  const proposed = meetings.some((m) => m.status === 'proposed');
  if (fromServer) return { meetings: fromServer.meetings, proposed, kickoffInTime: fromServer.kickoffInTime };
  if (meetings.length === 0) return null;
  const kickoff = meetings.find((m) => m.kind === 'kickoff');
  const due = (detail?.data as { clocks?: { firstContact?: { due?: string } | null } } | undefined)?.clocks
    ?.firstContact?.due;
  return {
    meetings: meetings.length,
    proposed,
    kickoffInTime: kickoff && due ? Date.parse(kickoff.endsAt) <= Date.parse(due) : null,
  };
}
