import { createTransport } from 'nodemailer';
import { InvalidInputError, TransientError } from '../../errors.js';
import { type Mailer } from '../../ports.js';
import { toNodemailerMessage } from '../mail-message.js';

export interface SmtpMailerOptions {
  host: string;
  port: number;
  user?: string | undefined;
  /** A secret: it never appears in an error this adapter throws. */
  password?: string | undefined;
  /** tls: implicit TLS from the first byte (465); starttls: upgrade required (587); none: plain. */
  security: 'tls' | 'starttls' | 'none';
  /** Certificate checks stay on in production; tests against a self-signed server turn them off. */
  rejectUnauthorized?: boolean;
  /** Milliseconds to connect, to get the greeting, and of socket inactivity. */
  timeoutsMs?: { connection: number; greeting: number; socket: number };
}

const TIMEOUTS = { connection: 10_000, greeting: 10_000, socket: 30_000 };
/** nodemailer error codes a retry cannot cure. */
const PERMANENT_CODES = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE']);

/** Everything a message could leak the password through: itself and the AUTH encodings. */
function secretsOf(user: string | undefined, password: string | undefined): string[] {
  if (!password) return [];
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return [password, b64(password), b64(`\u0000${user ?? ''}\u0000${password}`)];
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => t.split(s).join('***'), text);
}

/**
 * Maps a nodemailer failure to TransientError (connection, timeout, TLS, 4xx replies) or
 * InvalidInputError (authentication, 5xx replies), with the SMTP code and reply but never the
 * password; the original error is not chained, as it may hold the AUTH exchange.
 */
function mapSmtpError(error: unknown, where: string, secrets: readonly string[]): Error {
  const e = (error ?? {}) as {
    code?: string;
    responseCode?: number;
    response?: string;
    message?: string;
  };
  const reply = redact(e.response ?? e.message ?? String(error), secrets).slice(0, 300);
  const message = `SMTP delivery through ${where} failed (${e.code ?? 'error'}${e.responseCode ? ` ${e.responseCode}` : ''}): ${reply}`;
  const details = { code: e.code ?? null, responseCode: e.responseCode ?? null };
  // A reply code decides (4xx: try later; 5xx: refused); without one, only authentication and
  // a malformed envelope or message are permanent.
  const transient =
    e.responseCode !== undefined
      ? e.responseCode >= 400 && e.responseCode < 500
      : !PERMANENT_CODES.has(e.code ?? '');
  return transient
    ? new TransientError(message, { details })
    : new InvalidInputError(message, { details });
}

/**
 * A Mailer over SMTP (nodemailer): one connection per message, STARTTLS required on 'starttls',
 * TLS from the start on 'tls', credentials only when a user is given.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const timeouts = options.timeoutsMs ?? TIMEOUTS;
  const where = `${options.host}:${options.port}`;
  const secrets = secretsOf(options.user, options.password);
  const transport = createTransport({
    host: options.host,
    port: options.port,
    secure: options.security === 'tls',
    requireTLS: options.security === 'starttls',
    ignoreTLS: options.security === 'none',
    ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    tls: { rejectUnauthorized: options.rejectUnauthorized ?? true, servername: options.host },
    connectionTimeout: timeouts.connection,
    greetingTimeout: timeouts.greeting,
    socketTimeout: timeouts.socket,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    kind: 'smtp',
    async send(message) {
      try {
        const info = await transport.sendMail(toNodemailerMessage(message));
        return {
          messageId: message.messageId,
          accepted: info.accepted.map(String),
          destination: `smtp://${where}`,
        };
      } catch (error) {
        throw mapSmtpError(error, where, secrets);
      }
    },
    async close() {
      transport.close();
    },
  };
}
