import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxMailer, outboxFileName } from '../../shared/adapters/outbox/mailer.js';
import { createSmtpMailer } from '../../shared/adapters/smtp/mailer.js';
import { type Mailer } from '../../shared/ports.js';
import { mailMessage, T0 } from '../helpers/alert-factories.js';
import { parseEml } from '../helpers/eml.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';

let server: TestSmtpServer;
let outboxDir: string;

beforeAll(async () => {
  server = await startSmtpServer();
  outboxDir = await mkdtemp(join(tmpdir(), 'mce-outbox-'));
});

afterAll(async () => {
  await server.close();
  await rm(outboxDir, { recursive: true, force: true });
});

interface MailerAdapter {
  name: string;
  open(): Mailer;
  /** The raw bytes of the last message delivered. */
  lastRaw(): Promise<string>;
}

const ADAPTERS: MailerAdapter[] = [
  {
    name: 'smtp (loopback server)',
    open: () => createSmtpMailer({ host: '127.0.0.1', port: server.port, security: 'none' }),
    lastRaw: async () => server.received.at(-1)?.raw ?? '',
  },
  {
    name: 'outbox',
    open: () => createOutboxMailer(outboxDir),
    async lastRaw() {
      const files = (await readdir(outboxDir)).filter((f) => f.endsWith('.eml')).sort();
      return readFile(join(outboxDir, files.at(-1) ?? ''), 'utf8');
    },
  },
];

const THREADED = mailMessage({
  subject: '[MCE RESOLVED] Deriva en temperatura: segmento 3 (±0,4 °C)',
  text: 'Resolved at 2025-03-11 11:00 Europe/Madrid.\nReport: file:///var/mce/reports/2025-03-11.html\nÁlvaro: ok €\n',
  html: '<p>Resolved. <a href="file:///var/mce/reports/2025-03-11.html">Report</a></p>',
  messageId: 'mce.drift.segment-3.2@example.com',
  inReplyTo: 'mce.drift.segment-3.1@example.com',
  references: ['mce.drift.segment-3.1@example.com'],
  headers: { 'X-MCE-Incident': 'drift|segment 3|1741600800000' },
  date: T0 + 86_400_000,
});

describe.each(ADAPTERS)('Mailer contract over $name', (adapter) => {
  it('delivers an RFC 5322 message with CRLF line ends and MIME headers', async () => {
    const mailer = adapter.open();

    const receipt = await mailer.send(mailMessage());
    const raw = await adapter.lastRaw();
    const mail = parseEml(raw);

    expect(receipt.messageId).toBe('mce.wape-high.fleet.1@example.com');
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(mail.headers.get('from')).toEqual(['MCE alerts <mce@example.com>']);
    expect(mail.headers.get('to')).toEqual(['ops@example.com']);
    expect(mail.headers.get('subject')).toEqual(['[MCE WARNING] WAPE above 25 %: fleet']);
    expect(mail.headers.get('message-id')).toEqual(['<mce.wape-high.fleet.1@example.com>']);
    expect(mail.headers.get('date')).toEqual(['Mon, 10 Mar 2025 10:00:00 +0000']);
    expect(mail.headers.get('mime-version')).toEqual(['1.0']);
    expect(mail.headers.get('content-type')?.[0]).toMatch(/^text\/plain; charset=utf-8/);
    expect(mail.headers.has('x-mailer')).toBe(false);
    expect(mail.text).toBe('What: WAPE above 25 %\r\n');
    await mailer.close();
  });

  it('threads a notice and carries UTF-8, an HTML alternative and extra headers', async () => {
    const mailer = adapter.open();

    await mailer.send(THREADED);
    const mail = parseEml(await adapter.lastRaw());

    expect(mail.headers.get('subject')).toEqual([THREADED.subject]);
    expect(mail.headers.get('in-reply-to')).toEqual(['<mce.drift.segment-3.1@example.com>']);
    expect(mail.headers.get('references')).toEqual(['<mce.drift.segment-3.1@example.com>']);
    expect(mail.headers.get('x-mce-incident')).toEqual(['drift|segment 3|1741600800000']);
    expect(mail.headers.get('content-type')?.[0]).toMatch(/^multipart\/alternative/);
    expect(mail.text).toBe(THREADED.text.replace(/\n/g, '\r\n'));
    expect(mail.html).toBe(THREADED.html);
    await mailer.close();
  });
});

describe('outbox mailer', () => {
  it('names files by date and Message-ID, so a resend replaces the same file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mce-outbox-'));
    const mailer = createOutboxMailer(join(dir, 'nested'));

    const first = await mailer.send(THREADED);
    const again = await mailer.send(THREADED);
    await mailer.send(mailMessage());

    expect(first.destination).toBe(again.destination);
    expect(outboxFileName(THREADED)).toBe('20250311T100000Z-mce.drift.segment-3.2@example.com.eml');
    expect((await readdir(join(dir, 'nested'))).sort()).toEqual([
      '20250310T100000Z-mce.wape-high.fleet.1@example.com.eml',
      '20250311T100000Z-mce.drift.segment-3.2@example.com.eml',
    ]);
    await rm(dir, { recursive: true, force: true });
  });

  it('makes hostile Message-IDs filename-safe', () => {
    const name = outboxFileName(mailMessage({ messageId: '../../etc/passwd x@y' }));

    expect(name).toBe('20250310T100000Z-.._.._etc_passwd_x@y.eml');
    expect(name).not.toContain('/');
  });
});
