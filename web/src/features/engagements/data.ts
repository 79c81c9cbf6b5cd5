/** Reading an engagement and the programme's names, cached per engagement and reader language. */
import { useQuery } from '@tanstack/react-query';
import { api, type Problem } from '../../api/client';
import { useSession } from '../../session';
import type {
  EngagementDetail,
  LocalisedText,
  MigrationProject,
  Note,
  ProgrammeDocument,
  Task,
  Timeline,
} from './types';

/** Every query of one engagement starts with this key, so one invalidation refreshes them all. */
export const engagementKey = (id: string) => ['engagement', id] as const;

/** Throws the problem so react-query shows it as an error (the detail is already in the reader's language). */
function unwrap<T>(r: { data?: unknown; error?: unknown }): T {
  if (r.error !== undefined) throw r.error;
  return r.data as T;
}

/** The text of a problem answer (its detail, else its title). */
export function problemText(problem: unknown): string | null {
  if (!problem) return null;
  const p = problem as Problem;
  return p.detail ?? p.title ?? (problem instanceof Error ? problem.message : null);
}

export function useEngagement(id: string) {
  const { language } = useSession();
  return useQuery({
    queryKey: [...engagementKey(id), 'detail', language],
    queryFn: async () =>
      unwrap<EngagementDetail>(await api.GET('/api/engagements/{id}', { params: { path: { id } } })),
  });
}

export function useTasks(id: string) {
  const { language } = useSession();
  return useQuery({
    queryKey: [...engagementKey(id), 'tasks', language],
    queryFn: async () =>
      unwrap<{ items: Task[] }>(await api.GET('/api/engagements/{id}/tasks', { params: { path: { id } } }))
        .items,
  });
}

export function useTimeline(id: string) {
  const { language } = useSession();
  return useQuery({
    queryKey: [...engagementKey(id), 'timeline', language],
    queryFn: async () =>
      unwrap<Timeline>(await api.GET('/api/engagements/{id}/timeline', { params: { path: { id } } })),
  });
}

export function useNotes(id: string) {
  const { language } = useSession();
  return useQuery({
    queryKey: [...engagementKey(id), 'notes', language],
    queryFn: async () =>
      unwrap<{ items: Note[] }>(await api.GET('/api/engagements/{id}/notes', { params: { path: { id } } }))
        .items,
  });
}

export function useMigrationProjects(id: string) {
  return useQuery({
    queryKey: [...engagementKey(id), 'migration'],
    queryFn: async () =>
      unwrap<{ items: MigrationProject[] }>(
        await api.GET('/api/engagements/{id}/migration-projects', { params: { path: { id } } }),
      ).items,
  });
}

/** The programme's workloads, phases, motions and regions, named in the reader's language. */
export function useProgramme() {
  const { language } = useSession();
  return useQuery({
    queryKey: ['programme', language],
    queryFn: async () => unwrap<ProgrammeSummary>(await api.GET('/api/programme')),
    staleTime: 10 * 60_000,
  });
}
export interface ProgrammeSummary {
  workloads: { id: string; name: string }[];
  phases: { id: string; name: string; order: number }[];
  motions: { id: string; name: string }[];
  regions: { id: string; name: string }[];
}

/** The whole programme document (note types, migration sources); optional — callers fall back to ids. */
export function useProgrammeDocument(enabled = true) {
  return useQuery({
    queryKey: ['programme-document'],
    queryFn: async () =>
      unwrap<{ programme: ProgrammeDocument }>(await api.GET('/api/programme/document')).programme,
    staleTime: 30 * 60_000,
    enabled,
  });
}

/** A programme text in the reader's language (English, then the id, when it has none). */
export function pick(text: LocalisedText | undefined, language: string, fallback: string): string {
  if (!text) return fallback;
  if (typeof text === 'string') return text;
  return text[language] ?? text.en ?? fallback;
}

/** Looks names up by id in a programme list, falling back to the id. */
export function namer(list: { id: string; name: string }[] | undefined) {
  const byId = new Map((list ?? []).map((x) => [x.id, x.name]));
  return (id: string) => byId.get(id) ?? id;
}
