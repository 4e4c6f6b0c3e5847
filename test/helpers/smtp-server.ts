/** A real SMTP server on loopback (the smtp-server package), recording what it receives. */
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The raw RFC 5322 message as received (CRLF line ends, dot-unstuffed). */
  raw: string;
  /** The authenticated user, if any. */
  user: string | undefined;
  /** Whether the session was upgraded to TLS. */
  secure: boolean;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Login attempts: user name and whether the password was right. */
  logins: { user: string; ok: boolean }[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Require this login (AUTH PLAIN/LOGIN); without it, no authentication is offered. */
  login?: { user: string; password: string };
  /** Offer STARTTLS with smtp-server's built-in self-signed certificate. */
  starttls?: boolean;
  /** Refuse every recipient with this reply code (e.g. 451 or 550). */
  refuseRecipients?: number;
  /** Listen on this port (to bring a server back where a stopped one was); 0 = any free port. */
  port?: number;
}

/** Starts a server on 127.0.0.1, at a free port unless one is given. */
export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const logins: TestSmtpServer['logins'] = [];
  const server = new SMTPServer({
    logger: false,
    secure: false,
    disabledCommands: [
      ...(options.starttls ? [] : ['STARTTLS']),
      ...(options.login ? [] : ['AUTH']),
    ],
    allowInsecureAuth: !options.starttls,
    authOptional: !options.login,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.login?.user && auth.password === options.login?.password;
      logins.push({ user: auth.username ?? '', ok });
      if (ok) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(_address, _session, callback) {
      if (options.refuseRecipients === undefined) return callback();
      callback(
        Object.assign(new Error('Mailbox unavailable'), { responseCode: options.refuseRecipients }),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
