import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpMailer, type SmtpMailerOptions } from '../../shared/adapters/smtp/mailer.js';
import { InvalidInputError, TransientError } from '../../shared/errors.js';
import { mailMessage } from '../helpers/alert-factories.js';
import { parseEml } from '../helpers/eml.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';

const LOGIN = { user: 'mce-alerts', password: 'pa55-w0rd:secret' };
const FAST = { connection: 2000, greeting: 2000, socket: 5000 };
const servers: TestSmtpServer[] = [];

async function server(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const s = await startSmtpServer(options);
  servers.push(s);
  return s;
}

function mailer(port: number, options: Partial<SmtpMailerOptions> = {}) {
  return createSmtpMailer({
    host: '127.0.0.1',
    port,
    security: 'none',
    timeoutsMs: FAST,
    ...options,
  });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function failure(send: Promise<unknown>): Promise<Error> {
  try {
    await send;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the send succeeded');
}

describe('SMTP mailer against a real SMTP server on loopback', () => {
  it('logs in, then delivers headers and body to every recipient', async () => {
    const s = await server({ login: LOGIN });
    const m = mailer(s.port, { user: LOGIN.user, password: LOGIN.password });

    const receipt = await m.send(mailMessage({ to: ['ops@example.com', 'desk@example.com'] }));

    expect(s.logins).toEqual([{ user: 'mce-alerts', ok: true }]);
    expect(receipt).toEqual({
      messageId: 'mce.wape-high.fleet.1@example.com',
      accepted: ['ops@example.com', 'desk@example.com'],
      destination: `smtp://127.0.0.1:${s.port}`,
    });
    const [got] = s.received;
    expect(got).toMatchObject({
      envelopeFrom: 'mce@example.com',
      envelopeTo: ['ops@example.com', 'desk@example.com'],
      user: 'mce-alerts',
    });
    const mail = parseEml(got!.raw);
    expect(mail.headers.get('subject')).toEqual(['[MCE WARNING] WAPE above 25 %: fleet']);
    expect(mail.headers.get('message-id')).toEqual(['<mce.wape-high.fleet.1@example.com>']);
    expect(mail.text).toBe('What: WAPE above 25 %\r\n');
    await m.close();
  });

  it('upgrades with STARTTLS when required (port 587 behaviour)', async () => {
    const s = await server({ login: LOGIN, starttls: true });
    const m = mailer(s.port, { ...LOGIN, security: 'starttls', rejectUnauthorized: false });

    await m.send(mailMessage());

    expect(s.received[0]).toMatchObject({ secure: true, user: 'mce-alerts' });
  });

  it('refuses to send in clear when STARTTLS is required but not offered', async () => {
    const s = await server({ login: LOGIN });
    const m = mailer(s.port, { ...LOGIN, security: 'starttls' });

    const error = await failure(m.send(mailMessage()));

    expect(s.received).toEqual([]);
    expect(s.logins).toEqual([]);
    expect(error.message).toMatch(/^SMTP delivery through 127\.0\.0\.1:\d+ failed/);
  });

  it('reports a wrong password as permanent, without the password', async () => {
    const s = await server({ login: LOGIN });
    const wrong = 'not-the-pa55word';
    const m = mailer(s.port, { user: LOGIN.user, password: wrong });

    const error = await failure(m.send(mailMessage()));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toMatch(/\(EAUTH 535\)/);
    const everything = JSON.stringify({
      message: error.message,
      details: (error as InvalidInputError).details,
      cause: error.cause,
    });
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(
      Buffer.from(`\u0000${LOGIN.user}\u0000${wrong}`).toString('base64'),
    );
    expect(s.received).toEqual([]);
  });

  it.each([
    [451, TransientError],
    [550, InvalidInputError],
  ])('maps a %i reply to the recipients to %o', async (code, type) => {
    const s = await server({ refuseRecipients: code });

    const error = await failure(mailer(s.port).send(mailMessage()));

    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(String(code));
  });

  it('reports a server that is down as transient', async () => {
    const s = await server();
    const port = s.port;
    await s.close();
    servers.length = 0;

    const error = await failure(mailer(port).send(mailMessage()));

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
  });
});
