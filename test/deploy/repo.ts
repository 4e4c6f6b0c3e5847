/** The repository as the deploy checks see it: its functions, their needs, its config files. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type FunctionNeed, productionVariables } from '../../shared/config-needs.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const TERRAFORM_DIR = join(ROOT, 'terraform');
export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Names of the folders of functions/ that hold a handler (index.ts). */
export function functionNames(): string[] {
  return readdirSync(join(ROOT, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'functions', d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/** Function name -> variables its PRODUCTION_NEEDS require, read from each handler module. */
export async function requiredEnv(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const name of functionNames()) {
    const file = pathToFileURL(join(ROOT, 'functions', name, 'index.ts')).href;
    const module = (await import(/* @vite-ignore */ file)) as {
      PRODUCTION_NEEDS?: readonly FunctionNeed[];
    };
    if (!module.PRODUCTION_NEEDS)
      throw new Error(`functions/${name}/index.ts exports no PRODUCTION_NEEDS`);
    out[name] = productionVariables(module.PRODUCTION_NEEDS);
  }
  return out;
}

/** package.json scripts. */
export function npmScripts(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts;
}

/** Files of the repository (tracked, plus new ones not ignored), relative paths. */
export function repoFiles(): string[] {
  const out = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return out.split('\0').filter((p) => p !== '' && existsSync(join(ROOT, p)));
}
