import { type Collection } from 'mongodb';
import { type MonitorReportStore } from '../../ports.js';
import { type MonitorReport } from '../../types.js';

/** A monitor report; `_id` is its run day (YYYY-MM-DD). */
export type MonitorReportDoc = MonitorReport & { _id: string };

function strip(doc: MonitorReportDoc): MonitorReport {
  const { _id, ...rest } = doc;
  return rest;
}

/** The monitor reports over one collection, keyed by run day; a put replaces the day's report. */
export function mongoMonitorReports(col: Collection<MonitorReportDoc>): MonitorReportStore {
  return {
    async putMonitorReport(report) {
      await col.replaceOne({ _id: report.date }, report, { upsert: true });
    },
    async getMonitorReport(date) {
      const doc = await col.findOne({ _id: date });
      return doc === null ? undefined : strip(doc);
    },
    async listMonitorReports(from, to) {
      const docs = await col
        .find({ _id: { $gte: from, $lte: to } })
        .sort({ _id: 1 })
        .toArray();
      return docs.map(strip);
    },
  };
}
