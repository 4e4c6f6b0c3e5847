/**
 * Structural rules over the Terraform tree (test/deploy/hcl.ts). Each returns the problems it
 * found as sentences, [] when the tree passes; terraform.test.ts runs them on terraform/ and on a
 * broken fixture each.
 */
import {
  type Block,
  dynamicBlocks,
  nested,
  nestedAll,
  resolveLocal,
  resourcesForEach,
  type TerraformTree,
} from './hcl.js';

/** How hcl2json writes the expression local.functions. */
const FOR_EACH_FUNCTION = ['$', '{local.functions}'].join('');

export type FunctionEntry = {
  topic?: unknown;
  publishes?: unknown;
  secrets?: unknown;
  env?: unknown;
  timeout_seconds?: unknown;
};

/** The entries of `local.functions`, or undefined when the local is missing. */
export function functionEntries(tree: TerraformTree): Record<string, FunctionEntry> | undefined {
  const functions = tree.locals.functions;
  return functions !== null && typeof functions === 'object'
    ? (functions as Record<string, FunctionEntry>)
    : undefined;
}

function one(
  tree: TerraformTree,
  type: string,
  what: string,
  problems: string[],
  pick = (_: Block) => true,
) {
  const found = resourcesForEach(tree, type, FOR_EACH_FUNCTION).filter(([, b]) => pick(b));
  if (found.length === 0) problems.push(`no ${type} for_each local.functions (${what})`);
  return found[0];
}

/**
 * Every folder of functions/ has an entry in local.functions and vice versa, and every entry gets
 * a service account, a Cloud Run service running as it, a push subscription with OIDC, a retry
 * policy and a dead-letter topic (with retention and its own subscription).
 */
export function checkFunctionWiring(
  tree: TerraformTree,
  functionNames: readonly string[],
): string[] {
  const problems: string[] = [];
  const entries = functionEntries(tree);
  if (entries === undefined) return ['local.functions is missing'];
  for (const name of functionNames) {
    if (!(name in entries))
      problems.push(`function ${name} (functions/${name}) has no entry in local.functions`);
  }
  for (const [name, entry] of Object.entries(entries)) {
    if (!functionNames.includes(name))
      problems.push(`local.functions has ${name}, which functions/ does not have`);
    if (typeof entry.topic !== 'string') problems.push(`function ${name} names no topic`);
    const timeout = entry.timeout_seconds;
    if (typeof timeout !== 'number' || timeout >= 600) {
      problems.push(`function ${name} needs timeout_seconds under the 600 s push deadline`);
    }
  }

  const account = one(tree, 'google_service_account', 'one service account per function', problems);
  const service = one(tree, 'google_cloud_run_v2_service', 'the services', problems);
  if (account && service) {
    const runsAs = String(nested(service[1], 'template')?.service_account ?? '');
    if (!runsAs.includes(`google_service_account.${account[0]}[each.key].email`)) {
      problems.push(
        `the Cloud Run services do not run as google_service_account.${account[0]}[each.key]`,
      );
    }
  }

  const deadLetter = one(tree, 'google_pubsub_topic', 'the dead-letter topics', problems);
  if (deadLetter && !deadLetter[1].message_retention_duration) {
    problems.push(`dead-letter topic ${deadLetter[0]} sets no message_retention_duration`);
  }
  const isPush = (b: Block) => nested(b, 'push_config') !== undefined;
  const push = one(tree, 'google_pubsub_subscription', 'the push subscriptions', problems, isPush);
  if (push && service) {
    const [pushName, block] = push;
    const config = nested(block, 'push_config');
    if (
      !String(config?.push_endpoint ?? '').includes(
        `google_cloud_run_v2_service.${service[0]}[each.key].uri`,
      )
    ) {
      problems.push(`push subscription ${pushName} does not push to the function's service`);
    }
    if (!nested(config, 'oidc_token')?.service_account_email) {
      problems.push(`push subscription ${pushName} has no OIDC token (push_config.oidc_token)`);
    }
    const policy = nested(block, 'dead_letter_policy');
    if (!policy) problems.push(`push subscription ${pushName} has no dead_letter_policy`);
    else if (
      deadLetter &&
      !String(policy.dead_letter_topic).includes(`google_pubsub_topic.${deadLetter[0]}[each.key]`)
    ) {
      problems.push(
        `push subscription ${pushName} does not dead-letter to the function's own topic`,
      );
    } else if (!policy.max_delivery_attempts) {
      problems.push(`push subscription ${pushName} sets no max_delivery_attempts`);
    }
    const retry = nested(block, 'retry_policy');
    if (!retry?.minimum_backoff || !retry.maximum_backoff) {
      problems.push(
        `push subscription ${pushName} has no exponential retry_policy (minimum and maximum backoff)`,
      );
    }
    if (!String(block.topic ?? '').includes('each.value.topic')) {
      problems.push(`push subscription ${pushName} does not subscribe to the function's topic`);
    }
  }
  if (deadLetter) {
    const readsDeadLetter = (b: Block) =>
      String(b.topic ?? '').includes(`google_pubsub_topic.${deadLetter[0]}[each.key]`);
    one(
      tree,
      'google_pubsub_subscription',
      'a subscription on each dead-letter topic',
      problems,
      readsDeadLetter,
    );
  }
  return problems;
}

/** Every Cloud Scheduler job runs in Europe/Madrid, and some function listens to what it ticks. */
export function checkSchedules(tree: TerraformTree): string[] {
  const problems: string[] = [];
  const jobs = Object.entries(tree.resources.google_cloud_scheduler_job ?? {});
  const listened = new Set(Object.values(functionEntries(tree) ?? {}).map((f) => f.topic));
  for (const [name, job] of jobs) {
    const zone = resolveLocal(tree, job.time_zone);
    if (zone !== 'Europe/Madrid') {
      problems.push(
        `scheduler job ${name} runs in ${String(zone ?? 'UTC (no time_zone)')}, not Europe/Madrid`,
      );
    }
    const schedules = resolveLocal(
      tree,
      typeof job.for_each === 'string' ? job.for_each : undefined,
    );
    if (schedules && typeof schedules === 'object') {
      for (const [key, entry] of Object.entries(schedules as Record<string, { topic?: unknown }>)) {
        if (!listened.has(entry.topic))
          problems.push(
            `schedule ${key} ticks topic ${String(entry.topic)}, which no function listens to`,
          );
      }
    }
  }
  return problems;
}

function readsFrom(blocks: Block[], reference: string): boolean {
  return blocks.some((b) => String(b.for_each ?? '').includes(reference));
}

/**
 * Every variable a function needs in production (its PRODUCTION_NEEDS, from the code) is set on
 * its service: from the image (Dockerfile ENV), local.common_env, the entry's env, or the entry's
 * secrets (each of which must be a Secret Manager secret of local.secrets).
 * @param required function name -> variable names the code requires
 */
export function checkServiceEnv(
  tree: TerraformTree,
  required: Readonly<Record<string, readonly string[]>>,
  imageEnv: readonly string[],
): string[] {
  const problems: string[] = [];
  const entries = functionEntries(tree) ?? {};
  const [, service] =
    resourcesForEach(tree, 'google_cloud_run_v2_service', FOR_EACH_FUNCTION)[0] ?? [];
  const container = nested(nested(service, 'template'), 'containers');
  const dynamicEnv = dynamicBlocks(container, 'env');
  const usesEnv = readsFrom(dynamicEnv, 'each.value.env');
  const usesCommon = readsFrom(dynamicEnv, 'local.common_env');
  const usesSecrets = readsFrom(dynamicEnv, 'each.value.secrets');
  const declared = tree.locals.secrets;
  const secrets = new Set<unknown>(
    Array.isArray(declared) ? declared : Object.keys(declared ?? {}),
  );
  for (const [name, variables] of Object.entries(required)) {
    const entry = entries[name];
    if (!entry) {
      problems.push(
        `function ${name} has no entry in local.functions, so nothing sets ${variables.join(', ')}`,
      );
      continue;
    }
    const entrySecrets = Array.isArray(entry.secrets) ? (entry.secrets as string[]) : [];
    const set = new Set<string>([
      ...imageEnv,
      ...nestedAll(container, 'env').map((e) => String(e.name)),
      ...(usesCommon ? Object.keys((tree.locals.common_env ?? {}) as object) : []),
      ...(usesEnv ? Object.keys((entry.env ?? {}) as object) : []),
      ...(usesSecrets ? entrySecrets : []),
    ]);
    for (const variable of variables) {
      if (!set.has(variable))
        problems.push(
          `function ${name} needs ${variable} in production, but its service does not set it`,
        );
    }
    for (const secret of entrySecrets) {
      if (!secrets.has(secret))
        problems.push(
          `function ${name} reads secret ${secret}, which local.secrets does not define`,
        );
    }
  }
  return problems;
}

/** Variables without a default (the ones every apply must be given). */
export function requiredVariables(tree: TerraformTree): string[] {
  return Object.entries(tree.variables)
    .filter(([, block]) => !('default' in block))
    .map(([name]) => name)
    .sort();
}

/** Every variable says what it is for (a description). */
export function checkVariables(tree: TerraformTree): string[] {
  return Object.entries(tree.variables)
    .filter(([, block]) => typeof block.description !== 'string' || block.description === '')
    .map(([name]) => `variable ${name} has no description`);
}
