import { createMemoryBus } from '../adapters/bus/memory-bus.js';
import { parseTrainRequest } from '../events/train.js';
import { type MonitorDeps, runMonitor, TRAIN_REQUESTED_TOPIC } from '../pipelines/monitor.js';
import { runTraining } from '../pipelines/train.js';
import { type TrainOptions } from '../pipelines/train-plan.js';
import { type MonitorReport } from '../types.js';

/** What an in-process retrain registered, or why it registered nothing. */
export type InProcessRetrain =
  | { runId: string; outcome: 'registered'; version: string }
  | { runId: string; outcome: 'rejected' | 'waiting'; reason: string };

/**
 * Runs the monitor in this process as production does, over the in-process bus: a
 * train-requested message it publishes is handled here by the training pipeline
 * (plan-training and every train-segment in turn), parsed as the function parses it, with the
 * same clock.
 * @throws AggregateError of the training errors
 */
export async function runMonitorInProcess(
  input: { date: string },
  deps: Omit<MonitorDeps, 'bus'> & { codeRevision: string },
  trainOptions: Partial<TrainOptions> = {},
): Promise<{ report: MonitorReport; retrains: InProcessRetrain[] }> {
  const bus = createMemoryBus();
  const retrains: InProcessRetrain[] = [];
  bus.subscribe(TRAIN_REQUESTED_TOPIC, async (m) => {
    const { runId, windowDays } = parseTrainRequest({
      id: m.id,
      publishedAt: deps.now(),
      attributes: {},
      json: m.data,
    });
    const options = windowDays === undefined ? trainOptions : { ...trainOptions, windowDays };
    const { outcome } = await runTraining({ runId, options }, { ...deps, bus: createMemoryBus() });
    if (outcome.outcome === 'registered')
      retrains.push({ runId, outcome: 'registered', version: outcome.version });
    else if (outcome.outcome === 'rejected')
      retrains.push({ runId, outcome: 'rejected', reason: outcome.reason });
    else
      retrains.push({
        runId,
        outcome: 'waiting',
        reason: `${outcome.done}/${outcome.total} segments`,
      });
  });
  const report = await runMonitor(input, { ...deps, bus });
  await bus.drain();
  return { report, retrains };
}
