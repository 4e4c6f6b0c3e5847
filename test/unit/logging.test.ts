import { describe, expect, it } from 'vitest';
import { createCapturingLogger, createLogger, pseudonymiseCups } from '../../shared/logging.js';

const CUPS = 'ES0031000000000001BJ0F';

describe('createLogger', () => {
  it('writes one JSON object per line with severity, message and flat fields', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });

    logger.info('file ingested', { readings: 3 });
    logger.child({ runId: 'r1' }).error('failed', { attempt: 2 });
    logger.debug('not shown below INFO');

    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { severity: 'INFO', message: 'file ingested', readings: 3 },
      { severity: 'ERROR', message: 'failed', runId: 'r1', attempt: 2 },
    ]);
  });

  it('replaces every CUPS, in messages, fields and nested values, by a keyed pseudonym', () => {
    const { logger, lines } = createCapturingLogger({ pseudonymKey: 'k1' });

    logger.warn(`bad line for ${CUPS}`, {
      cups: CUPS,
      nested: { list: [`x ${CUPS.slice(0, 20)}`] },
    });

    const text = JSON.stringify(lines);
    expect(text).not.toContain('ES0031000000000001BJ');
    const pseudonym = pseudonymiseCups(CUPS, 'k1');
    expect(pseudonym).toMatch(/^cups:[0-9a-f]{10}$/);
    expect(lines[0]).toMatchObject({ cups: pseudonym, message: `bad line for ${pseudonym}` });
  });

  it('keeps one pseudonym per supply (border suffix ignored) and changes it with the key', () => {
    expect(pseudonymiseCups(CUPS, 'k1')).toBe(pseudonymiseCups(CUPS.slice(0, 20), 'k1'));
    expect(pseudonymiseCups(CUPS, 'k1')).not.toBe(pseudonymiseCups(CUPS, 'k2'));
    expect(pseudonymiseCups(CUPS, undefined)).toBe('cups:redacted');
  });

  it('pseudonymises a lowercase CUPS as its uppercase writing, in any field', () => {
    const { logger, lines } = createCapturingLogger({ pseudonymKey: 'k1' });

    logger.warn(`bad ${CUPS.toLowerCase()}`, {
      path: `/in/${CUPS.slice(0, 20).toLowerCase()}.csv`,
    });

    const text = JSON.stringify(lines);
    expect(text).not.toMatch(new RegExp(CUPS.slice(2, 18)));
    expect(lines[0]?.message).toBe(`bad ${pseudonymiseCups(CUPS, 'k1')}`);
    expect(lines[0]?.path).toBe(`/in/${pseudonymiseCups(CUPS, 'k1')}.csv`);
  });

  it('logs an error as its name and message', () => {
    const { logger, lines } = createCapturingLogger();

    logger.error('boom', { error: new TypeError('bad thing') });

    expect(lines[0]?.error).toEqual({ name: 'TypeError', message: 'bad thing' });
  });
});
