/**
 * A Dockerfile read as data (instructions per stage, continuation lines joined, comments dropped)
 * and the rules the functions image must follow.
 */

export interface Instruction {
  op: string;
  /** Flags such as --from=build, without the leading dashes: { from: 'build' }. */
  flags: Record<string, string>;
  /** The rest of the line. */
  args: string;
}

export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const [opWord = '', ...rest] = line.split(/\s+/);
    const op = opWord.toUpperCase();
    const flags: Record<string, string> = {};
    while (rest[0]?.startsWith('--')) {
      const [key = '', value = ''] = rest.shift()!.slice(2).split('=');
      flags[key] = value;
    }
    const args = rest.join(' ');
    if (op === 'FROM') {
      const [image = '', as, name] = rest;
      stages.push({
        from: image,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push({ op, flags, args });
    }
  }
  return stages;
}

/** CMD/ENTRYPOINT in exec form as an array; shell form as ['sh', '-c', text]. */
export function execForm(args: string): string[] {
  try {
    const parsed: unknown = JSON.parse(args);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // shell form
  }
  return ['sh', '-c', args];
}

/** `COPY src… dest` of a stage: sources, destination and the stage copied from, if any. */
export function copies(stage: Stage): { sources: string[]; dest: string; from?: string }[] {
  return stage.instructions
    .filter((i) => i.op === 'COPY')
    .map((i) => {
      const parts = i.args.split(/\s+/);
      const dest = parts.pop() ?? '';
      return { sources: parts, dest, ...(i.flags.from ? { from: i.flags.from } : {}) };
    });
}

/** Names of the ENV variables a stage sets (`ENV A=1 B=2` or `ENV A 1`). */
export function envNames(stage: Stage): string[] {
  return stage.instructions
    .filter((i) => i.op === 'ENV')
    .flatMap((i) =>
      i.args.includes('=')
        ? i.args.split(/\s+/).map((p) => p.split('=')[0] ?? '')
        : [i.args.split(/\s+/)[0] ?? ''],
    )
    .filter((n) => n !== '');
}

/**
 * The image's rules: multi-stage on Node 22, a runtime stage with production dependencies only
 * (`npm ci --omit=dev`), the compiled dist/ from the build stage, a non-root user and `npm start`
 * whose script serves dist/functions/index.js with the Functions Framework.
 */
export function checkDockerfile(text: string, startScript: string | undefined): string[] {
  const problems: string[] = [];
  const stages = parseDockerfile(text);
  const runtime = stages.at(-1);
  if (stages.length < 2 || runtime === undefined)
    return ['the Dockerfile is not multi-stage (build, then runtime)'];
  for (const stage of stages) {
    if (!/^node:22(\b|[.-])/.test(stage.from))
      problems.push(`stage ${stage.name ?? stage.from} is not FROM node:22`);
  }
  const build = stages[0]!;
  if (!build.instructions.some((i) => i.op === 'RUN' && /\btsc\b/.test(i.args)))
    problems.push('the build stage does not run tsc');
  const runs = runtime.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
  if (!runs.some((r) => /\bnpm ci\b[^&]*--omit=dev/.test(r)))
    problems.push('the runtime stage does not install with npm ci --omit=dev');
  const distCopy = copies(runtime).find(
    (c) => c.from === build.name && c.sources.includes('/app/dist'),
  );
  if (!distCopy)
    problems.push(`the runtime stage does not copy /app/dist from stage ${build.name}`);
  if (copies(runtime).some((c) => !c.from && c.sources.includes('.')))
    problems.push('the runtime stage copies the whole build context');
  const user = runtime.instructions.filter((i) => i.op === 'USER').at(-1)?.args;
  if (!user || /^(root|0)(:|$)/.test(user))
    problems.push('the runtime stage runs as root (no USER, or USER root)');
  const cmd = runtime.instructions.filter((i) => i.op === 'CMD').at(-1);
  if (!cmd || execForm(cmd.args).join(' ') !== 'npm start')
    problems.push('the runtime stage does not start with CMD ["npm", "start"]');
  if (
    !startScript ||
    !/functions-framework\b.*--source=dist\/functions\/index\.js/.test(startScript)
  ) {
    problems.push(
      'package.json "start" does not serve dist/functions/index.js with the Functions Framework',
    );
  }
  return problems;
}
