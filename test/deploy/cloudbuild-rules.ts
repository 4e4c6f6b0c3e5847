/**
 * Checks a Cloud Build config against the repository: every file or folder a step names exists,
 * every `npm run X` names a script of package.json, and a relative `dir` exists.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Step {
  id?: string;
  name?: string;
  dir?: string;
  entrypoint?: string;
  args?: string[];
  script?: string;
}

/** Tokens that name a path in the repository: a/b, x.sh, x.yaml, Dockerfile, .ci/run … */
const PATH_TOKEN = /^(?:\.?[A-Za-z0-9_-]+\/)*(?:\.?[A-Za-z0-9_.-]+)$/;
const FILE_LIKE = /(\/|\.(sh|ya?ml|json|js|ts|tf|tfvars|hcl)$|^Dockerfile$)/;

function pathTokens(text: string): string[] {
  return text
    .split(/[\s"'=;|&()<>]+/)
    .map((t) => t.replace(/\/+$/, ''))
    .filter((t) => t !== '' && !t.includes('$') && !t.includes('*') && !t.startsWith('-'))
    .filter((t) => !/^[a-z]+:/.test(t) && !t.startsWith('/') && !t.includes('..'))
    .filter(
      (t) =>
        PATH_TOKEN.test(t) &&
        FILE_LIKE.test(t) &&
        !/^[a-z0-9.-]+\.(com|io|dev|net|org)(\/|$)/.test(t),
    );
}

/** Problems of the Cloud Build config `text` (file `label`) against the repository at `root`. */
export function checkCloudBuild(
  label: string,
  text: string,
  root: string,
  scripts: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const config = parse(text) as { steps?: Step[] } | null;
  const steps = config?.steps ?? [];
  if (steps.length === 0) problems.push(`${label}: no steps`);
  steps.forEach((step, index) => {
    const name = `${label} step ${step.id ?? index}`;
    if (step.dir && !step.dir.startsWith('/') && !existsSync(join(root, step.dir))) {
      problems.push(`${name}: dir ${step.dir} does not exist`);
    }
    const words = [step.entrypoint ?? '', ...(step.args ?? []), step.script ?? ''].join('\n');
    for (const token of pathTokens(words)) {
      if (!existsSync(join(root, token))) problems.push(`${name}: ${token} does not exist`);
    }
    const npm = [step.entrypoint === 'npm' ? `npm ${(step.args ?? []).join(' ')}` : '', words].join(
      '\n',
    );
    for (const match of npm.matchAll(/\bnpm (?:run|run-script) ([A-Za-z0-9:_-]+)/g)) {
      if (!(match[1]! in scripts))
        problems.push(`${name}: npm script ${match[1]} is not in package.json`);
    }
  });
  return [...new Set(problems)];
}
