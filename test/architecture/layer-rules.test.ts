import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The layer rules of biome.json (ARCHITECTURE.md section 2), proved on lint fixtures: each file of
// test/fixtures/layers sits at the path whose overrides it tests, and breaks (or keeps) one rule.
// The folder is left out of the main `biome ci` run, so the test lints a copy with the repo's
// biome.json in a scratch folder and expects exactly these diagnostics.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');

const SDK = 'Only shared/runtime/ and shared/adapters/ import SDKs';
const UP = 'Nothing in shared/ imports functions/ or cli/';
const DOMAIN_DOWN = 'Domain modules import neither shared/runtime/ nor shared/adapters/';
const DOMAIN_UP = 'Domain modules do not import shared/pipelines/';
const PORTS_ONLY = 'Pipelines see ports only';
const ADAPTER_RUNTIME = 'Adapters do not import shared/runtime/';
const ADAPTER_PIPELINE = 'Adapters implement ports and do not import shared/pipelines/';
const HANDLER_ADAPTER = 'Handlers get adapters from shared/runtime/';
const HANDLER_CLI = 'Handlers do not import cli/';
const CLI_HANDLER = 'cli/ runs pipelines; it does not import functions/ handlers';
const RESTRICTED = 'lint/style/noRestrictedImports';

/** [file, line, rule, start of the message]: every diagnostic the fixtures must raise, no more. */
const EXPECTED: readonly (readonly [string, number, string, string])[] = [
  ['cli/commands/imports-pubsub.ts', 2, RESTRICTED, SDK],
  ['cli/commands/imports-pubsub.ts', 3, RESTRICTED, CLI_HANDLER],
  ['functions/plan-forecast/index.ts', 4, RESTRICTED, SDK],
  ['functions/plan-forecast/index.ts', 5, RESTRICTED, HANDLER_CLI],
  ['functions/plan-forecast/index.ts', 6, RESTRICTED, HANDLER_ADAPTER],
  ['shared/adapters/outbox/imports-runtime.ts', 2, RESTRICTED, ADAPTER_PIPELINE],
  ['shared/adapters/outbox/imports-runtime.ts', 3, RESTRICTED, ADAPTER_RUNTIME],
  ['shared/adapters/smtp/mailer.ts', 3, RESTRICTED, UP],
  ['shared/alerts/imports-pipeline.ts', 2, RESTRICTED, DOMAIN_UP],
  ['shared/calendar/imports-cli.ts', 2, RESTRICTED, UP],
  ['shared/calendar/imports-cli.ts', 3, RESTRICTED, UP],
  ['shared/features/imports-mongodb.ts', 2, RESTRICTED, SDK],
  ['shared/features/imports-mongodb.ts', 3, RESTRICTED, SDK],
  ['shared/models/imports-runtime.ts', 2, RESTRICTED, DOMAIN_DOWN],
  ['shared/monitoring/imports-adapter.ts', 2, RESTRICTED, DOMAIN_DOWN],
  ['shared/pipelines/forecast-batch.ts', 2, RESTRICTED, SDK],
  ['shared/pipelines/forecast-batch.ts', 3, RESTRICTED, SDK],
  ['shared/pipelines/forecast-batch.ts', 4, RESTRICTED, UP],
  ['shared/pipelines/imports-adapter.ts', 2, RESTRICTED, PORTS_ONLY],
  ['shared/pipelines/imports-adapter.ts', 3, RESTRICTED, PORTS_ONLY],
  ['shared/runtime/open-mailer.ts', 3, RESTRICTED, UP],
  ['shared/runtime/reads-env.ts', 2, 'lint/style/noProcessEnv', "Don't use process.env"],
  ['shared/synth/imports-gcs.ts', 2, RESTRICTED, SDK],
  ['shared/synth/imports-gcs.ts', 3, RESTRICTED, SDK],
  ['test/unit/skipped.test.ts', 4, 'lint/suspicious/noSkippedTests', "Don't disable tests"],
];

interface Diagnostic {
  category: string;
  message: string;
  location: { path: string | null; start?: { line: number } };
}

let found: Diagnostic[] = [];

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'mce-layers-'));
  try {
    cpSync(join(ROOT, 'test', 'fixtures', 'layers'), dir, { recursive: true });
    copyFileSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
    // The scratch folder is no git checkout: lint every file there.
    const run = spawnSync(
      BIOME,
      ['lint', '--vcs-enabled=false', '--reporter=json', '--max-diagnostics=none', '.'],
      { cwd: dir, encoding: 'utf8' },
    );
    const report = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
    found = report.diagnostics.filter((d) => d.category.startsWith('lint/'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

afterAll(() => {
  found = [];
});

describe('biome.json layer rules on the lint fixtures', () => {
  it.each(EXPECTED)('%s line %i: %s says "%s…"', (file, line, rule, message) => {
    const hits = found.filter(
      (d) => d.location.path === file && d.location.start?.line === line && d.category === rule,
    );

    expect(hits).toHaveLength(1);
    expect(hits[0]?.message.startsWith(message)).toBe(true);
  });

  it('raises nothing else: SDKs in adapters and runtime, the Functions Framework in handlers, adapters in cli/ and process.env in shared/config.ts are allowed', () => {
    const got = found.map((d) => `${d.location.path}:${d.location.start?.line} ${d.category}`);
    const want = EXPECTED.map(([file, line, rule]) => `${file}:${line} ${rule}`);

    expect(got.sort()).toEqual(want.sort());
  });
});
