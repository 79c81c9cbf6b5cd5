/**
 * Environment → typed configuration. A wrong value stops start-up with a message that says what to set.
 */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionDays: number;
  demoData: boolean;
  bodyLimitBytes: number;
  /** `auto`: assigning the primary manager books the meeting series; `propose`: it is proposed for confirmation */
  meetingBooking: 'auto' | 'propose';
  /** online-meeting link when Microsoft Graph is not configured; `{meetingId}` is replaced */
  meetingLinkTemplate: string | undefined;
  /** Microsoft Graph (Teams meetings through `onlineMeetings`), with client-credentials sign-in */
  graph: { url: string; tokenUrl: string; clientId: string; clientSecret: string } | undefined;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration problem:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(
        `${name}="${raw}" is not a whole number between ${min} and ${max}. Set ${name}=${fallback} or unset it.`,
      );
      return fallback;
    }
    return n;
  };

  const port = int('PORT', 3000, 0, 65535);
  const sessionDays = int('SESSION_DAYS', 14, 1, 365);

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(
      `DATABASE_URL must start with postgres:// (for example postgres://postgres@127.0.0.1:5432/fasttrack). Unset it to use the embedded PostgreSQL.`,
    );
  }

  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    problems.push(
      `PUBLIC_URL="${env.PUBLIC_URL}" is not an http(s) URL. Set it to the address users open, e.g. https://fasttrack.example.com.`,
    );
  }

  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    problems.push(
      `SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465. Unset it to keep emails in the local outbox.`,
    );
  }

  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL="${env.LOG_LEVEL}" is not one of ${LOG_LEVELS.join(', ')}.`);
  }

  const demo = env.DEMO_DATA ?? 'true';
  if (!['true', 'false'].includes(demo)) problems.push(`DEMO_DATA must be true or false (got "${demo}").`);

  const meetingBooking = (env.MEETING_BOOKING || 'auto') as Config['meetingBooking'];
  if (!['auto', 'propose'].includes(meetingBooking))
    problems.push(`MEETING_BOOKING must be auto or propose (got "${env.MEETING_BOOKING}").`);
  const meetingLinkTemplate = env.MEETING_LINK_TEMPLATE || undefined;
  if (meetingLinkTemplate && !/^https:\/\//.test(meetingLinkTemplate))
    problems.push(
      'MEETING_LINK_TEMPLATE must be an https:// address, e.g. https://meet.example.com/fasttrack/{meetingId}.',
    );
  let graph: Config['graph'];
  if (env.GRAPH_CLIENT_ID) {
    const need = ['GRAPH_TOKEN_URL', 'GRAPH_CLIENT_SECRET'].filter((k) => !env[k]);
    if (need.length > 0)
      problems.push(`GRAPH_CLIENT_ID is set: also set ${need.join(' and ')} (or unset GRAPH_CLIENT_ID).`);
    graph = {
      url: (env.GRAPH_URL || 'https://graph.microsoft.com').replace(/\/+$/, ''),
      tokenUrl: env.GRAPH_TOKEN_URL ?? '',
      clientId: env.GRAPH_CLIENT_ID,
      clientSecret: env.GRAPH_CLIENT_SECRET ?? '',
    };
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    publicUrl,
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'FastTrack Center <no-reply@fasttrack.local>',
    logLevel,
    sessionDays,
    demoData: demo === 'true',
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    meetingBooking,
    meetingLinkTemplate,
    graph,
  };
}
