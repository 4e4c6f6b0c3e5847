import { type SendMailOptions } from 'nodemailer';
import { type MailMessage } from '../types.js';

/** Angle brackets around a bare Message-ID, as RFC 5322 writes it. */
export const bracket = (id: string): string => `<${id}>`;

/** Every line break as CRLF (RFC 5322), whatever the text was written with. */
const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

/**
 * The domain message as nodemailer's message options, shared by the SMTP and outbox adapters so
 * that both encode it the same way (UTF-8, quoted-printable, CRLF). No X-Mailer header.
 */
export function toNodemailerMessage(message: MailMessage): SendMailOptions {
  return {
    from: message.from,
    to: [...message.to],
    subject: message.subject,
    text: crlf(message.text),
    ...(message.html === undefined ? {} : { html: crlf(message.html) }),
    messageId: bracket(message.messageId),
    ...(message.inReplyTo === undefined ? {} : { inReplyTo: bracket(message.inReplyTo) }),
    ...(message.references === undefined ? {} : { references: message.references.map(bracket) }),
    headers: { ...message.headers },
    date: new Date(message.date),
    xMailer: false,
  };
}
