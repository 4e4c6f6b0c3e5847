/**
 * The training use case. In production it is split for the fan-out: plan-training calls
 * planTraining (one message per segment) and each train-segment call runs trainSegment; the last
 * segment to finish registers the version. Locally, runTraining does the same in one process.
 */
import { planTraining, type TrainDeps, type TrainOptions, type TrainPlan } from './train-plan.js';
import { type AssembleOutcome, type SegmentResult } from './train-run-files.js';
import { trainSegment } from './train-segment.js';

export { assembleIfComplete } from './train-assemble.js';
export {
  planTraining,
  TRAIN_DEFAULTS,
  TRAIN_SEGMENT_TOPIC,
  type TrainDeps,
  type TrainOptions,
  type TrainPlan,
} from './train-plan.js';
export type { AssembleOutcome, SegmentResult } from './train-run-files.js';
export { trainSegment } from './train-segment.js';

export interface TrainRunResult {
  plan: TrainPlan;
  segments: SegmentResult[];
  outcome: AssembleOutcome;
}

/**
 * Plans a run and trains every segment in this process, reporting each finished segment.
 * @throws InvalidInputError when there is nothing to train on
 */
export async function runTraining(
  input: { runId: string; options?: Partial<TrainOptions> },
  deps: TrainDeps,
  onSegment: (result: SegmentResult, plan: TrainPlan) => void = () => {},
): Promise<TrainRunResult> {
  const { plan } = await planTraining(input, deps);
  const segments: SegmentResult[] = [];
  let outcome: AssembleOutcome = { outcome: 'waiting', done: 0, total: plan.segments.length };
  for (const segment of plan.segments) {
    const done = await trainSegment({ runId: plan.runId, segment: segment.index }, deps);
    if (done.result !== null) {
      segments.push(done.result);
      onSegment(done.result, plan);
    }
    outcome = done.assembly;
  }
  return { plan, segments, outcome };
}
