/** Append-only audit records, always written with the change they describe (same transaction). */
import type { Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  /** organisation the change belongs to (defaults to the one the actor acts for) */
  organisationId?: string | null;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = new Set(['password', 'password_hash', 'token', 'token_hash', 'csrf_token']);

function redact(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEYS.has(k))
        .map(([k, v]) => [k, redact(v)]),
    );
  }
  return value;
}

function auditRecord(actor: Actor, entry: AuditEntry) {
  return {
    id: newId('aud'),
    actor_user_id: actor.userId,
    actor_token_id: actor.tokenId,
    organisation_id: entry.organisationId === undefined ? actor.organisationId : entry.organisationId,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    before: redact(entry.before),
    after: redact(entry.after),
    request_id: actor.requestId,
  };
}

function auditRow(actor: Actor, entry: AuditEntry) {
  const r = auditRecord(actor, entry);
  return {
    ...r,
    before: r.before === null ? null : JSON.stringify(r.before),
    after: r.after === null ? null : JSON.stringify(r.after),
  };
}

export async function audit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insertInto('audit_log').values(auditRow(actor, entry)).execute();
}

/** The rows of several records (each with its own actor), for batched writes (platform/db/batch.ts insertAll). */
export function auditRecords(entries: readonly { actor: Actor; entry: AuditEntry }[]) {
  return entries.map((e) => auditRecord(e.actor, e.entry));
}
