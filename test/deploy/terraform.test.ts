/**
 * Offline checks of terraform/: formatting (when terraform is installed) and structural rules on
 * the parsed HCL. `terraform validate` and `plan` need the Google provider, which cannot be
 * downloaded here: they are not run (docs/deploy.md says so).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { envNames, parseDockerfile } from './dockerfile.js';
import { loadTerraform, type TerraformTree } from './hcl.js';
import { FIXTURES, functionNames, ROOT, requiredEnv, TERRAFORM_DIR } from './repo.js';
import {
  checkFunctionWiring,
  checkSchedules,
  checkServiceEnv,
  checkVariables,
  requiredVariables,
} from './terraform-rules.js';

const hasTerraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
if (!hasTerraform) console.warn('terraform fmt checks skipped: terraform is not on the PATH');

function fmtCheck(path: string) {
  return spawnSync('terraform', ['fmt', '-check', '-recursive', '-list=true', path], {
    encoding: 'utf8',
  });
}

describe.skipIf(!hasTerraform)('terraform fmt', () => {
  it('finds terraform/ formatted', () => {
    const result = fmtCheck(TERRAFORM_DIR);

    expect(result.stdout.trim(), 'run `terraform fmt -recursive terraform`').toBe('');
    expect(result.status).toBe(0);
  });

  it('fails on the unformatted fixture', () => {
    const result = fmtCheck(join(FIXTURES, 'unformatted'));

    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('main.tf');
  });
});

describe('terraform/ structure', () => {
  let tree: TerraformTree;
  beforeAll(async () => {
    tree = await loadTerraform(TERRAFORM_DIR);
  });

  it('wires every function of functions/ and nothing else', () => {
    expect(checkFunctionWiring(tree, functionNames())).toEqual([]);
  });

  it('runs every scheduler job in Europe/Madrid, ticking a topic a function listens to', () => {
    expect(Object.keys(tree.resources.google_cloud_scheduler_job ?? {})).not.toEqual([]);
    expect(checkSchedules(tree)).toEqual([]);
  });

  it('sets on every service each variable its function needs in production', async () => {
    const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));

    const problems = checkServiceEnv(tree, await requiredEnv(), envNames(dockerfile.at(-1)!));

    expect(problems).toEqual([]);
  });

  it('ticks the monitor at 09:00 Europe/Madrid; it publishes train-requested and reads the SMTP password', () => {
    /** How hcl2json writes a Terraform expression. */
    const expression = (e: string) => ['$', `{${e}}`].join('');
    const schedules = tree.locals.schedules as Record<string, Record<string, unknown>>;
    const monitor = schedules.monitor!;
    expect(monitor.topic).toBe('monitor-tick');
    expect(monitor.schedule).toBe(expression('var.monitor_schedule'));
    expect(tree.variables.monitor_schedule?.default).toBe('0 9 * * *');
    expect(tree.resources.google_cloud_scheduler_job?.tick?.time_zone).toBe('Europe/Madrid');

    const entry = (tree.locals.functions as Record<string, Record<string, unknown>>).monitor!;
    expect(entry.topic).toBe('monitor-tick');
    expect(entry.publishes).toEqual(['train-requested']);
    expect(entry.secrets).toEqual(expect.arrayContaining(['MONGO_URI', 'MCE_SMTP_PASS']));
    expect(tree.locals.secrets).toContain('MCE_SMTP_PASS');
    expect(entry.env).toMatchObject({
      MCE_MAILER: 'smtp',
      MCE_SMTP_HOST: expression('var.smtp_host'),
    });
    // The password is never a plain variable.
    expect(Object.keys(entry.env as object)).not.toContain('MCE_SMTP_PASS');
    // Some function listens to what the monitor publishes.
    const functions = Object.values(tree.locals.functions as Record<string, { topic?: string }>);
    expect(functions.map((f) => f.topic)).toContain('train-requested');
  });

  it('describes every variable and documents the required ones in docs/deploy.md', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');

    expect(checkVariables(tree)).toEqual([]);
    expect(requiredVariables(tree).filter((v) => !docs.includes(`\`${v}\``))).toEqual([]);
  });
});

describe('the rules on broken fixtures', () => {
  it('reports a missing function, OIDC, dead-letter and retry policy', async () => {
    const tree = await loadTerraform(join(FIXTURES, 'wiring'));

    const problems = checkFunctionWiring(tree, ['ingest-meter-file', 'ingest-weather']);

    expect(problems).toEqual(
      expect.arrayContaining([
        'function ingest-weather (functions/ingest-weather) has no entry in local.functions',
        'dead-letter topic dead_letter sets no message_retention_duration',
        'push subscription push has no OIDC token (push_config.oidc_token)',
        'push subscription push has no dead_letter_policy',
        'push subscription push has no exponential retry_policy (minimum and maximum backoff)',
        'no google_pubsub_subscription for_each local.functions (a subscription on each dead-letter topic)',
      ]),
    );
  });

  it('reports a job outside Europe/Madrid and a tick nobody listens to', async () => {
    const tree = await loadTerraform(join(FIXTURES, 'scheduler'));

    expect(checkSchedules(tree)).toEqual([
      'scheduler job tick runs in Etc/UTC, not Europe/Madrid',
      'schedule forecast ticks topic forecast-tick, which no function listens to',
    ]);
  });

  it('reports a variable the code needs that the service lacks, and an undefined secret', async () => {
    const tree = await loadTerraform(join(FIXTURES, 'env'));
    const required = {
      'plan-training': ['MCE_ARTIFACTS', 'MCE_BUS', 'MCE_CODE_REVISION', 'MONGO_DB', 'MONGO_URI'],
    };

    expect(checkServiceEnv(tree, required, ['MCE_CODE_REVISION'])).toEqual([
      'function plan-training needs MCE_BUS in production, but its service does not set it',
      'function plan-training reads secret MCE_BUS_TOKEN, which local.secrets does not define',
    ]);
  });

  it('reports an undocumented required variable and a missing description', async () => {
    const tree = await loadTerraform(join(FIXTURES, 'docs'));
    const docs = readFileSync(join(FIXTURES, 'docs', 'deploy.md'), 'utf8');

    expect(requiredVariables(tree).filter((v) => !docs.includes(`\`${v}\``))).toEqual([
      'billing_account',
    ]);
    expect(checkVariables(tree)).toEqual(['variable billing_account has no description']);
  });
});
