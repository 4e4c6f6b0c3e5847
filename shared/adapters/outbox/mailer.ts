import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { type Mailer } from '../../ports.js';
import { type MailMessage } from '../../types.js';
import { toNodemailerMessage } from '../mail-message.js';

/** `20250310T100000Z`: sorts by time in a folder listing. */
function compactUtc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The file name of a message: its date then its Message-ID made filename-safe. The same message
 * always gets the same name, so a resend replaces the file instead of adding one.
 */
export function outboxFileName(message: MailMessage): string {
  const id = message.messageId.replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 150);
  return `${compactUtc(message.date)}-${id}.eml`;
}

/** The RFC 5322 / MIME bytes of a message (CRLF line ends), as SMTP would carry them. */
export function composeEml(message: MailMessage): Promise<Buffer> {
  return new MailComposer(toNodemailerMessage(message)).compile().build();
}

/**
 * A Mailer that writes one .eml file per message into `dir` (created as needed): written to a
 * temporary name, flushed to disk, then renamed, so a reader never sees half a message.
 */
export function createOutboxMailer(dir: string): Mailer {
  return {
    kind: 'outbox',
    async send(message) {
      await mkdir(dir, { recursive: true });
      const bytes = await composeEml(message);
      const path = join(dir, outboxFileName(message));
      const temporary = join(dir, `.${randomUUID()}.tmp`);
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return { messageId: message.messageId, accepted: [...message.to], destination: path };
    },
    async close() {},
  };
}
