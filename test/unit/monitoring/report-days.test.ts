import { describe, expect, it } from 'vitest';
import { latestScoredDays } from '../../../shared/monitoring/report-days.js';
import { monitorReport, scoredDay } from '../../helpers/monitor-report-factory.js';

describe('latestScoredDays', () => {
  it("keeps each forecast day's scoring from the latest report, whatever order the reports come in", () => {
    const first = monitorReport({
      date: '2024-03-10',
      days: [
        scoredDay({ date: '2024-03-08', status: 'provisional' }),
        scoredDay({ date: '2024-03-09', status: 'waiting' }),
      ],
    });
    const later = monitorReport({
      date: '2024-03-12',
      days: [scoredDay({ date: '2024-03-08', status: 'final' })],
    });

    const days = latestScoredDays([later, first]);

    expect([...days.keys()].sort()).toEqual(['2024-03-08', '2024-03-09']);
    expect(days.get('2024-03-08')?.status).toBe('final');
    expect(days.get('2024-03-09')?.status).toBe('waiting');
  });
});
