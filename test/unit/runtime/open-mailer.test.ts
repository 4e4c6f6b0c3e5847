import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../shared/config.js';
import { openMailer } from '../../../shared/runtime/open-mailer.js';

describe('openMailer', () => {
  it.each([
    [{}, 'outbox'],
    [{ MCE_MAILER: 'outbox:/tmp/mce-outbox' }, 'outbox'],
    [
      {
        MCE_MAILER: 'smtp',
        MCE_SMTP_HOST: 'smtp.example.com',
        MCE_ALERT_FROM: 'mce@example.com',
        MCE_ALERT_TO: 'ops@example.com',
      },
      'smtp',
    ],
  ])('picks the adapter MCE_MAILER names: %o', async (env, kind) => {
    const mailer = openMailer(loadConfig(env).mail);

    expect(mailer.kind).toBe(kind);
    await mailer.close();
  });
});
