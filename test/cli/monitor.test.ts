import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorSummary } from '../../cli/commands/monitor.js';
import { EXIT, run } from '../../cli/main.js';
import { type MonitorReport, type StoredFeatureDrift } from '../../shared/types.js';
import { monitorReport, scoredDay, stageDayScore } from '../helpers/monitor-report-factory.js';
import { openSqliteStore } from '../helpers/report-stores.js';

let dir = '';

/** Runs `mce monitor …` in this process on the test's store and registry. */
async function mce(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof writeErr;
  try {
    const status = await run([
      'node',
      'mce',
      'monitor',
      ...args,
      '--store',
      `sqlite:${join(dir, 'mce.db')}`,
      '--artifacts',
      join(dir, 'artifacts'),
    ]);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}

const STORED = monitorReport({ date: '2025-03-05' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mce-cli-monitor-'));
  const store = await openSqliteStore(join(dir, 'mce.db'));
  await store.putMonitorReport(STORED);
  await store.close();
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mce monitor', () => {
  it('--show without a report of the day exits 2, naming the day', async () => {
    const { status, stdout, stderr } = await mce('--show', '--date', '2025-03-06');

    expect(status).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'mce: No monitor report for 2025-03-06: run mce monitor --date 2025-03-06\n',
    );
  });

  it('--show --json prints the stored report as it is', async () => {
    const { status, stdout } = await mce('--show', '--json', '--date', '2025-03-05');

    expect(status).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toEqual(STORED);
  });

  it('--show prints the summary of the stored report', async () => {
    const { status, stdout } = await mce('--show', '--date', '2025-03-05');

    expect(status).toBe(EXIT.ok);
    expect(stdout).toBe(`${monitorSummary(STORED)}\n`);
  });

  it('runs the monitor of a day and stores its report (--json prints it)', async () => {
    // No model registered and no forecast: nothing to score, drift not tested.
    const { status, stdout } = await mce('--json', '--date', '2025-04-01');

    expect(status).toBe(EXIT.ok);
    const report = JSON.parse(stdout) as MonitorReport;
    expect(report).toMatchObject({
      date: '2025-04-01',
      days: [],
      drift: { skipped: 'no prod version', modelVersion: null },
      retrain: { requested: false },
      promotion: { action: 'none' },
    });
    const shown = await mce('--show', '--json', '--date', '2025-04-01');
    expect(JSON.parse(shown.stdout)).toEqual(report);
  });

  it('refuses a day that is not YYYY-MM-DD', async () => {
    const { status, stderr } = await mce('--show', '--date', '2025-02-30');

    expect(status).toBe(EXIT.usage);
    expect(stderr).toContain('2025-02-30');
  });
});

describe('monitorSummary', () => {
  const feature = (o: Partial<StoredFeatureDrift>): StoredFeatureDrift => ({
    feature: 'levelWh',
    kind: 'continuous',
    test: 'ks',
    statistic: 0.3,
    pValue: 1e-8,
    adjustedPValue: 4e-8,
    effectName: 'wasserstein-sd',
    effect: 0.4567,
    minEffect: 0.1,
    alarm: true,
    referenceSize: 2000,
    recentSize: 84,
    ...o,
  });

  it('lists the scored days, the drift alarms, the alerts, the retrain and the promotion', () => {
    const report = monitorReport({
      days: [
        scoredDay({
          date: '2025-03-03',
          status: 'final',
          actualsCoverage: 0.995,
          stages: {
            prod: stageDayScore({ wape: 0.2, coverage: 0.8 }),
            pre: stageDayScore({ stage: 'pre', wape: 0.18 }),
          },
        }),
        scoredDay({ date: '2025-03-04', status: 'waiting', actualsCoverage: 0.4, stages: {} }),
      ],
      drift: {
        from: '2025-02-26',
        to: '2025-03-04',
        modelVersion: 'v-20250101',
        correction: 'benjamini-hochberg',
        alpha: 0.01,
        features: [
          feature({}),
          feature({ feature: 'lagWeekRel', alarm: false, effect: 0.02, adjustedPValue: 0.5 }),
        ],
        skipped: null,
      },
      alerts: {
        firing: [
          {
            ruleId: 'drift',
            subject: 'inputs of v-20250101',
            severity: 'critical',
            summary: 'drift in 1 of 2 inputs: levelWh 0.46',
          },
        ],
        opened: 1,
        resolved: 0,
        sent: 0,
        pending: 1,
        lastError: 'SMTP smtp.example.com:587 refused the connection (421)',
      },
      retrain: {
        requested: true,
        reason: 'drift (inputs of v-20250101) fire',
        runId: 'retrain-2025-03-05',
      },
    });

    const lines = monitorSummary(report).split('\n');

    expect(lines.slice(0, 4)).toEqual([
      expect.stringMatching(
        /^forecast day +status +actuals +prod WAPE +pre WAPE +strongest baseline +prod p10–p90$/,
      ),
      expect.stringMatching(/^-+( +-+){6}$/),
      expect.stringMatching(
        /^2025-03-03 +final +99\.5 % +20\.0 % +18\.0 % +median28 27\.0 % +80\.0 %$/,
      ),
      expect.stringMatching(/^2025-03-04 +waiting +40\.0 % +- +- +- +-$/),
    ]);
    expect(lines.slice(4)).toEqual([
      'drift 2025-02-26..2025-03-04 vs v-20250101: 2 features tested (benjamini-hochberg, α 0.01), 1 in alarm',
      '  levelWh: wasserstein-sd 0.457 (min 0.1), adjusted p 4.00e-8',
      'alerts: 1 firing, 1 opened, 0 resolved, 0 e-mails sent, 1 pending (last error: SMTP smtp.example.com:587 refused the connection (421))',
      '  [critical] drift inputs of v-20250101: drift in 1 of 2 inputs: levelWh 0.46',
      'retrain: requested (retrain-2025-03-05): drift (inputs of v-20250101) fire',
      'promotion: none: no pre model',
    ]);
  });

  it('says when there was nothing to score and why drift was not tested', () => {
    const lines = monitorSummary(monitorReport({ days: [] })).split('\n');

    expect(lines).toEqual([
      'no forecast day scored (none with prod predictions, or none changed since last scored)',
      'drift: not tested (no reference sample)',
      'alerts: 0 firing, 0 opened, 0 resolved, 0 e-mails sent, 0 pending',
      'retrain: no: no alert asks for it',
      'promotion: none: no pre model',
    ]);
  });
});
