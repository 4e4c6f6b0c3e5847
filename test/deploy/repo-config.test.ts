/**
 * Offline checks of the repository's deployment files: no secret value in any configuration file,
 * Cloud Build steps that name only files and npm scripts that exist, and a Dockerfile that builds
 * the functions image as the bundle test assembles it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCloudBuild } from './cloudbuild-rules.js';
import { checkDockerfile } from './dockerfile.js';
import { FIXTURES, npmScripts, ROOT, repoFiles } from './repo.js';
import { findSecrets, isScanned } from './secret-scan.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('secret scan', () => {
  it('finds no secret value in any .tf, .tfvars, .hcl, .yaml or .json of the repository', () => {
    const files = repoFiles().filter((f) => isScanned(f) && !f.startsWith('test/deploy/fixtures/'));
    expect(files).toEqual(expect.arrayContaining(['cloudbuild.yaml', 'terraform/functions.tf']));

    expect(files.flatMap((f) => findSecrets(f, read(f)))).toEqual([]);
  });

  it.each([
    [
      'leaky.tf',
      [
        'leaky.tf:4: a URL with a password',
        "leaky.tf:4: a value assigned to a secret's name",
        "leaky.tf:9: a value assigned to a secret's name",
      ],
    ],
    ['leaky.tfvars', ["leaky.tfvars:1: a value assigned to a secret's name"]],
    [
      'leaky.yaml',
      ['leaky.yaml:4: a URL with a password', "leaky.yaml:5: a value assigned to a secret's name"],
    ],
    [
      'leaky.json',
      ['leaky.json:1: a private key', "leaky.json:1: a value assigned to a secret's name"],
    ],
  ])('catches the secrets of fixture %s', (file, expected) => {
    const text = readFileSync(join(FIXTURES, 'secrets', file), 'utf8');

    expect(findSecrets(file, text)).toEqual(expected);
  });

  it('passes references, empty values and Secret Manager paths', () => {
    const text = readFileSync(join(FIXTURES, 'secrets', 'clean.tf'), 'utf8');

    expect(findSecrets('clean.tf', text)).toEqual([]);
  });

  it.each([
    ['package-lock.json', false],
    ['terraform/.terraform.lock.hcl', false],
    ['terraform/envs/prod.tfvars', true],
    ['cloudbuild.promote.yaml', true],
    ['README.md', false],
  ])('scans %s: %s', (path, scanned) => {
    expect(isScanned(path)).toBe(scanned);
  });
});

describe('Cloud Build configs', () => {
  it.each(['cloudbuild.yaml', 'cloudbuild.promote.yaml'])(
    '%s names only files and scripts that exist',
    (file) => {
      expect(checkCloudBuild(file, read(file), ROOT, npmScripts())).toEqual([]);
    },
  );

  it('runs the whole suite through .ci/run', () => {
    expect(read('cloudbuild.yaml')).toMatch(/bash \.ci\/run/);
  });

  it('reports missing files, folders and npm scripts in the broken fixture', () => {
    const text = readFileSync(join(FIXTURES, 'cloudbuild', 'cloudbuild.yaml'), 'utf8');

    expect(checkCloudBuild('broken.yaml', text, ROOT, npmScripts())).toEqual([
      'broken.yaml step test: scripts/run-everything.sh does not exist',
      'broken.yaml step lint: npm script lint:everything is not in package.json',
      'broken.yaml step deploy: dir no-such-folder does not exist',
      'broken.yaml step deploy: deploy/missing.yaml does not exist',
    ]);
  });
});

describe('Dockerfile', () => {
  it('builds the functions image by the rules', () => {
    expect(checkDockerfile(read('Dockerfile'), npmScripts().start)).toEqual([]);
  });

  it('reports every broken rule of the broken fixture', () => {
    const text = readFileSync(join(FIXTURES, 'Dockerfile.broken'), 'utf8');

    expect(checkDockerfile(text, 'node dist/functions/index.js')).toEqual([
      'stage build is not FROM node:22',
      'stage node:20 is not FROM node:22',
      'the build stage does not run tsc',
      'the runtime stage does not install with npm ci --omit=dev',
      'the runtime stage does not copy /app/dist from stage build',
      'the runtime stage copies the whole build context',
      'the runtime stage runs as root (no USER, or USER root)',
      'the runtime stage does not start with CMD ["npm", "start"]',
      'package.json "start" does not serve dist/functions/index.js with the Functions Framework',
    ]);
  });

  it('reports a single-stage Dockerfile', () => {
    expect(checkDockerfile('FROM node:22\nCMD ["npm", "start"]\n', npmScripts().start)).toEqual([
      'the Dockerfile is not multi-stage (build, then runtime)',
    ]);
  });
});
