/**
 * Terraform read as data: every `.tf` of a folder parsed to JSON with @cdktf/hcl2json (the
 * HashiCorp HCL parser compiled to WebAssembly: works offline) and merged into one tree.
 * Expressions stay strings such as "${local.functions}"; nested blocks are arrays of objects.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Loaded with require, not imported: the package's typings reference the DOM library, which
 * would replace Node's global types (fetch, Buffer bodies) in the whole typecheck.
 */
const { parse } = createRequire(import.meta.url)('@cdktf/hcl2json') as {
  parse(filename: string, hcl: string): Promise<Record<string, unknown>>;
};

export type Block = Record<string, unknown>;

export interface TerraformTree {
  /** Every `locals` block merged. */
  locals: Record<string, unknown>;
  /** resource type -> resource name -> its block. */
  resources: Record<string, Record<string, Block>>;
  variables: Record<string, Block>;
}

function single(value: unknown): Block {
  return (Array.isArray(value) ? value[0] : value) as Block;
}

/** Parses the `.tf` files of `dir` (not its subfolders) into one tree. */
export async function loadTerraform(dir: string): Promise<TerraformTree> {
  const tree: TerraformTree = { locals: {}, resources: {}, variables: {} };
  const files = readdirSync(dir).filter((f) => f.endsWith('.tf'));
  for (const file of files.sort()) {
    const json = (await parse(file, readFileSync(join(dir, file), 'utf8'))) as Record<
      string,
      unknown
    >;
    for (const locals of (json.locals ?? []) as Block[]) Object.assign(tree.locals, locals);
    const resources = (json.resource ?? {}) as Record<string, Record<string, unknown>>;
    for (const [type, byName] of Object.entries(resources)) {
      tree.resources[type] ??= {};
      for (const [name, block] of Object.entries(byName))
        tree.resources[type][name] = single(block);
    }
    const variables = (json.variable ?? {}) as Record<string, unknown>;
    for (const [name, block] of Object.entries(variables)) tree.variables[name] = single(block);
  }
  return tree;
}

/** The first nested block `key` of `block` (hcl2json gives every nested block as an array). */
export function nested(block: Block | undefined, key: string): Block | undefined {
  const value = block?.[key];
  return Array.isArray(value) ? (value[0] as Block | undefined) : undefined;
}

/** Every nested block `key` of `block`. */
export function nestedAll(block: Block | undefined, key: string): Block[] {
  const value = block?.[key];
  return Array.isArray(value) ? (value as Block[]) : [];
}

/** The `dynamic "key"` blocks of `block` (hcl2json gives `dynamic` as an object or an array). */
export function dynamicBlocks(block: Block | undefined, key: string): Block[] {
  const dynamic = block?.dynamic;
  const all = Array.isArray(dynamic) ? (dynamic as Block[]) : dynamic ? [dynamic as Block] : [];
  return all.flatMap((d) => nestedAll(d, key));
}

/** The resources of `type` whose for_each is exactly `expression`, by name. */
export function resourcesForEach(
  tree: TerraformTree,
  type: string,
  expression: string,
): [string, Block][] {
  return Object.entries(tree.resources[type] ?? {}).filter(([, b]) => b.for_each === expression);
}

/** `"${local.name}"` resolved to the local's value (one level); anything else as it is. */
export function resolveLocal(tree: TerraformTree, value: unknown): unknown {
  const match = typeof value === 'string' ? /^\$\{local\.([A-Za-z0-9_]+)\}$/.exec(value) : null;
  return match ? tree.locals[match[1]!] : value;
}
