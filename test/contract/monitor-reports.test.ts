import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { monitorReport, scoredDay, stageDayScore } from '../helpers/monitor-report-factory.js';
import { cleanUpStores, opened, STORE_ADAPTERS } from '../helpers/store-adapters.js';

for (const { name, skip } of STORE_ADAPTERS) {
  if (skip) console.warn(`Monitor report contract over ${name} skipped: ${skip}`);
}

afterAll(cleanUpStores);

describe.each(STORE_ADAPTERS)('Monitor report contract over $name', (adapter) => {
  describe.skipIf(adapter.skip !== undefined)('monitor reports', () => {
    it('returns a stored report as it was put, and undefined for a day without one', async () => {
      const store = await adapter.open();
      const report = monitorReport({
        days: [
          scoredDay({ stages: { prod: stageDayScore(), pre: stageDayScore({ stage: 'pre' }) } }),
          scoredDay({ date: '2025-03-02', status: 'waiting', actualsCoverage: 0.4, stages: {} }),
        ],
      });

      await store.putMonitorReport(report);

      expect(await store.getMonitorReport('2025-03-05')).toEqual(report);
      expect(await store.getMonitorReport('2025-03-04')).toBe(undefined);
    });

    it('replaces the report of a day when the day is put again', async () => {
      const store = await adapter.open();
      await store.putMonitorReport(monitorReport());
      const rerun = monitorReport({ ranAt: Date.UTC(2025, 2, 5, 9), days: [] });

      await store.putMonitorReport(rerun);

      expect(await store.getMonitorReport('2025-03-05')).toEqual(rerun);
      expect(await store.listMonitorReports('2025-03-01', '2025-03-31')).toEqual([rerun]);
    });

    it('lists the reports of a range of days, both ends included, in date order', async () => {
      const store = await adapter.open();
      const dates = ['2025-03-07', '2025-02-28', '2025-03-05', '2025-03-01', '2025-03-10'];
      for (const date of dates) await store.putMonitorReport(monitorReport({ date }));

      const listed = await store.listMonitorReports('2025-03-01', '2025-03-07');
      const none = await store.listMonitorReports('2025-04-01', '2025-04-30');

      expect(listed.map((r) => r.date)).toEqual(['2025-03-01', '2025-03-05', '2025-03-07']);
      expect(listed[1]).toEqual(monitorReport({ date: '2025-03-05' }));
      expect(none).toEqual([]);
    });
  });
});

describe('SQLite schema version 5 -> 6', () => {
  it('adds the monitor_reports table to a version 5 file', async () => {
    // Prepare: a store file turned back into version 5 (the monitor report table dropped).
    const dir = mkdtempSync(join(tmpdir(), 'mce-migrate-'));
    const config = { ...loadConfig({}), storeUrl: `sqlite:${join(dir, 'mce.db')}` };
    const first = await openStore(config);
    await first.close();
    const db = new DatabaseSync(join(dir, 'mce.db'));
    db.exec('DROP TABLE monitor_reports');
    db.exec('PRAGMA user_version = 5');
    db.close();

    // Act
    const store = await openStore(config);
    opened.push(store);
    await store.putMonitorReport(monitorReport());

    // Assess
    expect(await store.getMonitorReport('2025-03-05')).toEqual(monitorReport());
    rmSync(dir, { recursive: true, force: true });
  });
});
