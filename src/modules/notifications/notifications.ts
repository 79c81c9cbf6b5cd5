/**
 * In-app notifications: written in the recipient's language inside the business transaction (so a rolled-back
 * change notifies nobody), read as a list, marked read, and pushed live to open portals through server-sent
 * events. Each person chooses per kind whether they get in-app notifications and emails.
 */
import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import { isLocale, type Locale, t } from '../../platform/i18n/i18n.ts';
import { newId } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/queue.ts';
import { queueEmail } from '../../platform/mail/mailer.ts';

export const NOTIFICATION_KINDS = ['assignment', 'referral', 'meeting', 'request', 'sla'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Preference {
  kind: NotificationKind;
  email: boolean;
  inApp: boolean;
}

/** A person's preference for a kind (both channels on unless they turned one off). */
export async function preferenceOf(db: Db | Tx, userId: string, kind: NotificationKind): Promise<Preference> {
  const row = await db
    .selectFrom('notification_preferences')
    .select(['email', 'in_app'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return { kind, email: row?.email ?? true, inApp: row?.in_app ?? true };
}

export interface NotifyOptions {
  /** also email it (template `notification`) to those who did not turn emails of this kind off */
  email?: { jobs: Jobs; publicUrl: string };
  /** the title's catalogue key when not `notification.<key>.title` (e.g. an email subject that says it all) */
  titleKey?: string;
}

/**
 * Notifies people in their language unless they turned in-app notifications of this kind off; with
 * `opts.email`, also emails those who kept emails of this kind on. Body is `notification.<key>.body`.
 */
export async function notify(
  tx: Tx,
  userIds: readonly string[],
  kind: NotificationKind,
  key: string,
  /** the message's values, or a function giving them in each recipient's language */
  values: Record<string, string> | ((locale: Locale) => Record<string, string>),
  link: string | null,
  opts: NotifyOptions = {},
): Promise<number> {
  let sent = 0;
  for (const userId of new Set(userIds)) {
    const pref = await preferenceOf(tx, userId, kind);
    const user = await tx
      .selectFrom('users')
      .select(['language', 'email'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) continue;
    const locale = user.language && isLocale(user.language) ? user.language : 'en';
    const v = typeof values === 'function' ? values(locale) : values;
    const title = t(locale, opts.titleKey ?? `notification.${key}.title`, v);
    const body = t(locale, `notification.${key}.body`, v);
    if (pref.inApp) {
      await tx
        .insertInto('notifications')
        .values({ id: newId('ntf'), user_id: userId, kind, title, body, link })
        .execute();
      sent++;
    }
    if (opts.email && pref.email) {
      await queueEmail(tx, opts.email.jobs, {
        template: 'notification',
        to: user.email,
        locale,
        values: { title, body, link: `${opts.email.publicUrl}${link ?? ''}` },
      });
    }
  }
  return sent;
}

/**
 * Tells the primary manager and the center leads once when an engagement's first-contact SLA (2 business days
 * from assignment) passed without a first contact. Run by the scheduled job; returns the engagements alerted.
 */
export async function alertOverdueFirstContacts(
  deps: { db: Db; jobs: Jobs; config: { publicUrl: string } },
  now = new Date(),
): Promise<string[]> {
  return deps.db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('engagements as e')
      .innerJoin('organisations as c', 'c.id', 'e.customer_id')
      .select(['e.id', 'c.name'])
      .where('e.status', '=', 'active')
      .where('e.first_contact_at', 'is', null)
      .where('e.first_contact_due_at', '<', now)
      .where('e.first_contact_alerted_at', 'is', null)
      .forUpdate('e')
      .skipLocked()
      .limit(500)
      .execute();
    for (const e of due) {
      const people = await tx
        .selectFrom('engagement_assignments as a')
        .select('a.user_id')
        .where('a.engagement_id', '=', e.id)
        .where('a.is_primary', '=', true)
        .union(
          tx
            .selectFrom('memberships as m')
            .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
            .select('m.user_id')
            .where('o.kind', '=', 'center')
            .where('m.role', '=', 'lead'),
        )
        .execute();
      await notify(
        tx,
        people.map((p) => p.user_id),
        'sla',
        'firstContactOverdue',
        { customer: e.name },
        `/engagements/${e.id}`,
        { email: { jobs: deps.jobs, publicUrl: deps.config.publicUrl } },
      );
      await tx
        .updateTable('engagements')
        .set({ first_contact_alerted_at: now })
        .where('id', '=', e.id)
        .execute();
    }
    return due.map((e) => e.id);
  });
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

const toView = (r: {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}): NotificationView => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
});

export async function listNotifications(db: Db, userId: string) {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const unread = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { items: rows.map(toView), unread: unread.n };
}

// ---------------------------------------------------------------------------------------------------------------
// live delivery: one poller per process while someone listens; each open stream gets its person's new rows
// ---------------------------------------------------------------------------------------------------------------

export class NotificationHub {
  private readonly listeners = new Map<string, Set<FastifyReply>>();
  private timer: NodeJS.Timeout | null = null;
  // ids are time-ordered: anything written from now on sorts after this one
  private last = newId('ntf');
  private polling = false;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = 1000,
  ) {}

  /** Streams the person's new notifications to `reply` until the client goes away. */
  open(userId: string, reply: FastifyReply): void {
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    reply.raw.write('retry: 5000\n: connected\n\n');
    const set = this.listeners.get(userId) ?? new Set<FastifyReply>();
    this.listeners.set(userId, set);
    set.add(reply);
    reply.raw.on('close', () => {
      set.delete(reply);
      if (set.size === 0) this.listeners.delete(userId);
      if (this.listeners.size === 0) this.stop();
    });
    if (!this.timer) this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const users = [...this.listeners.keys()];
      if (users.length === 0) return;
      const rows = await this.db
        .selectFrom('notifications')
        .select(['id', 'user_id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
        .where('id', '>', this.last)
        .orderBy('id')
        .limit(500)
        .execute();
      for (const r of rows) {
        this.last = r.id;
        for (const reply of this.listeners.get(r.user_id) ?? [])
          reply.raw.write(`id: ${r.id}\nevent: notification\ndata: ${JSON.stringify(toView(r))}\n\n`);
      }
    } catch {
      /* the database is briefly unreachable: the next tick tries again */
    } finally {
      this.polling = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Ends every open stream (server shutdown). */
  close(): void {
    this.stop();
    for (const set of this.listeners.values()) for (const reply of set) reply.raw.end();
    this.listeners.clear();
  }
}
