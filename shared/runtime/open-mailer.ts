import { createOutboxMailer } from '../adapters/outbox/mailer.js';
import { createSmtpMailer } from '../adapters/smtp/mailer.js';
import { type MailConfig } from '../config-alerts.js';
import { InvalidInputError } from '../errors.js';
import { type Mailer } from '../ports.js';

/**
 * The Mailer MCE_MAILER names: SMTP with the MCE_SMTP_* settings, or the outbox folder.
 * @throws InvalidInputError for smtp without a host (loadConfig already refuses it)
 */
export function openMailer(config: MailConfig): Mailer {
  if (config.mailer === 'outbox') return createOutboxMailer(config.outboxPath);
  if (!config.smtpHost) throw new InvalidInputError('MCE_MAILER=smtp needs MCE_SMTP_HOST');
  return createSmtpMailer({
    host: config.smtpHost,
    port: config.smtpPort,
    user: config.smtpUser,
    password: config.smtpPassword,
    security: config.smtpSecurity,
  });
}
