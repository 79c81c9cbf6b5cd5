/**
 * Outgoing email. Messages are rendered in the recipient's language when they are queued (inside the
 * business transaction) and delivered by the `email.send` job: through SMTP when SMTP_URL is set,
 * otherwise kept in the local outbox (the `emails` table) that a center admin can read.
 */
import nodemailer from 'nodemailer';
import type { Db, Tx } from '../db/database.ts';
import { newId } from '../ids.ts';
import { type Locale, t } from '../i18n/i18n.ts';
import type { Jobs } from '../jobs/queue.ts';

export interface Transport {
  name: string;
  send(msg: {
    from: string;
    to: string;
    subject: string;
    text: string;
    language: string;
    /** an iCalendar invite: sent as the text/calendar alternative (with METHOD) and as invite.ics */
    ics?: { method: string; content: string } | null;
  }): Promise<void>;
}

export function smtpTransport(url: string): Transport {
  const tr = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    async send(msg) {
      await tr.sendMail({
        from: msg.from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        headers: { 'Content-Language': msg.language },
        ...(msg.ics
          ? { icalEvent: { method: msg.ics.method, content: msg.ics.content, filename: 'invite.ics' } }
          : {}),
      });
    },
  };
}

export interface EmailRequest {
  template: string;
  to: string;
  locale: Locale;
  values: Record<string, string>;
  ics?: { method: string; content: string };
}

/** The `emails` row of a message rendered in the recipient's language. */
function renderEmail(req: EmailRequest) {
  const subject = t(req.locale, `email.${req.template}.subject`, req.values);
  const body = t(req.locale, `email.${req.template}.body`, req.values);
  const footer = t(req.locale, 'email.footer');
  return {
    id: newId('eml'),
    template: req.template,
    to_address: req.to,
    language: req.locale,
    subject,
    text_body: `${body}\n\n-- \n${footer}`,
    status: 'queued' as const,
    ics: req.ics?.content ?? null,
    ics_method: req.ics?.method ?? null,
  };
}

/** Renders `email.<template>.subject` / `.body` and queues delivery in the same transaction. */
export async function queueEmail(tx: Tx, jobs: Jobs, req: EmailRequest): Promise<string> {
  const row = renderEmail(req);
  await tx.insertInto('emails').values(row).execute();
  await jobs.enqueue(tx, 'email.send', { emailId: row.id });
  return row.id;
}

/**
 * Several messages for a batched write: their `emails` rows (to insert with platform/db/batch.ts
 * insertAll) and one statement for their delivery jobs, recorded in the same transaction.
 */
export async function emailRowsWithJobs(tx: Tx, jobs: Jobs, reqs: readonly EmailRequest[]) {
  const rows = reqs.map(renderEmail);
  await jobs.enqueueMany(
    tx,
    'email.send',
    rows.map((r) => ({ emailId: r.id })),
  );
  return rows;
}

export function emailWorker(db: Db, transport: Transport | null, from: string, log: (msg: string) => void) {
  return async (data: Record<string, unknown>) => {
    const id = String(data.emailId);
    const row = await db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.status === 'sent' || row.status === 'kept') return;
    if (!transport) {
      await db
        .updateTable('emails')
        .set({ status: 'kept', transport: 'outbox', sent_at: new Date() })
        .where('id', '=', id)
        .execute();
      log(
        `Email kept in the local outbox (no SMTP_URL): to=${row.to_address} subject="${row.subject}"\n${row.text_body}`,
      );
      return;
    }
    try {
      await transport.send({
        from,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        language: row.language,
        ics: row.ics && row.ics_method ? { method: row.ics_method, content: row.ics } : null,
      });
      // the body may carry a one-time link: once delivered it is not kept
      await db
        .updateTable('emails')
        .set({ status: 'sent', transport: transport.name, sent_at: new Date(), text_body: '', error: null })
        .where('id', '=', id)
        .execute();
    } catch (e) {
      await db
        .updateTable('emails')
        .set({ error: String((e as Error).message).slice(0, 500) })
        .where('id', '=', id)
        .execute();
      throw e; // pg-boss retries with back-off
    }
  };
}
