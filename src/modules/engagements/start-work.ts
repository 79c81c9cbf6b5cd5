/**
 * Puts the planned work of an engagement in place (inside the caller's transaction): each new
 * service record enters its first phase, and the playbook tasks it needs are created once (a later
 * request that adds workloads adds only the tasks that are missing).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { phasesFor, planTasks, type RecordInput } from './plan-work.ts';

export async function startWork(
  tx: Tx,
  programme: Programme,
  engagement: { id: string; customerId: string; motion: string },
  records: readonly RecordInput[],
): Promise<void> {
  if (records.length === 0) return;
  const all = await tx
    .selectFrom('service_records')
    .select(['id', 'workload', 'migration', 'migration_sources', 'target_date', 'created_at'])
    .where('engagement_id', '=', engagement.id)
    .execute();
  const startOn = new Date().toISOString().slice(0, 10);
  const inputs: RecordInput[] = all.map((r) => ({
    serviceRecordId: r.id,
    workload: r.workload,
    migration: r.migration,
    migrationSources: r.migration_sources,
    startOn: records.find((x) => x.serviceRecordId === r.id)?.startOn ?? startOn,
    targetOn: r.target_date,
  }));
  const plan = planTasks(programme, engagement.motion, inputs);
  const existing = await tx
    .selectFrom('tasks')
    .select(['id', 'template_id', 'service_record_id'])
    .where('engagement_id', '=', engagement.id)
    .execute();
  const idOf = new Map(
    existing.map((t) => [`${t.template_id}${t.service_record_id ? `:${t.service_record_id}` : ''}`, t.id]),
  );
  const fresh = plan.filter((p) => !idOf.has(p.key));
  for (const p of fresh) idOf.set(p.key, newId('tsk'));
  const base = existing.length;
  if (fresh.length) {
    await tx
      .insertInto('tasks')
      .values(
        fresh.map((p, i) => ({
          id: idOf.get(p.key)!,
          engagement_id: engagement.id,
          customer_id: engagement.customerId,
          service_record_id: p.serviceRecordId,
          workload: p.workload,
          template_id: p.templateId,
          workstream: p.workstream,
          phase: p.phase,
          mandatory: p.mandatory,
          gate: p.gate,
          owner: p.owner,
          role: p.role,
          due_on: p.dueOn,
          depends_on: p.dependsOn.map((k) => idOf.get(k)!).filter(Boolean),
          position: base + i,
        })),
      )
      .execute();
  }
  for (const r of records) {
    const first = phasesFor(programme, engagement.motion, r.migration)[0] ?? 'initiate';
    const open = await tx
      .selectFrom('phase_history')
      .select('id')
      .where('service_record_id', '=', r.serviceRecordId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (open) continue;
    await tx
      .updateTable('service_records')
      .set({
        phase: first,
        phase_started_at: sql`now()`,
        engagement_start_date: r.startOn,
        updated_at: sql`now()`,
      })
      .where('id', '=', r.serviceRecordId)
      .execute();
    await tx
      .insertInto('phase_history')
      .values({
        id: newId('phh'),
        engagement_id: engagement.id,
        service_record_id: r.serviceRecordId,
        phase: first,
        started_at: new Date(),
        ended_by: null,
      })
      .execute();
  }
}
