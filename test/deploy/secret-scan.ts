/**
 * What looks like a secret value in a configuration file (.tf, .tfvars, .hcl, .yaml, .yml, .json):
 *   - a URL carrying a password (`scheme://user:password@host`), unless the password is a
 *     reference (`${…}`, `$VAR`) or a mask (`***`);
 *   - a key-like string: a PEM private key, a Google API key (AIza…), an AWS access key id
 *     (AKIA…), a GitHub token (ghp_…), a Slack token (xox…-);
 *   - a literal assigned to a secret's name (password, passwd, secret_data, api_key, apikey,
 *     token, client_secret, private_key, and *_PASS, *_PASSWORD, *_SECRET, *_TOKEN, *_API_KEY,
 *     *_KEY variables), in `name = "v"`, `name: v`, `"name": "v"` or `NAME=v` form, unless the
 *     value is empty, a reference or a Secret Manager path.
 * Lock files (package-lock.json, npm-shrinkwrap.json, *.lock.hcl) hold integrity hashes, not
 * secrets, and are not scanned.
 */
import { extname } from 'node:path';

export const SCANNED_EXTENSIONS = ['.tf', '.tfvars', '.hcl', '.yaml', '.yml', '.json'];

export function isScanned(path: string): boolean {
  const base = path.split('/').pop() ?? '';
  if (
    base === 'package-lock.json' ||
    base === 'npm-shrinkwrap.json' ||
    base.endsWith('.lock.hcl')
  ) {
    return false;
  }
  return SCANNED_EXTENSIONS.includes(extname(base));
}

const KEY_LIKE: [string, RegExp][] = [
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['an AWS access key id', /\bAKIA[0-9A-Z]{16}\b/],
  ['a GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['a Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
];

const URL_WITH_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:([^\s/@'"]+)@/gi;

const SECRET_NAME =
  '(?:password|passwd|secret_data|api_key|apikey|token|client_secret|private_key|[A-Z0-9_]*_(?:PASS|PASSWORD|SECRET|TOKEN|API_KEY|KEY))';
const ASSIGNMENTS = [
  // name = "v" (HCL), name: v (YAML), "name": "v" (JSON)
  new RegExp(`["']?\\b${SECRET_NAME}["']?\\s*[:=]\\s*["']?([^"'\\s,}#]*)`, 'gi'),
  // NAME=v (env lists, shell)
  new RegExp(`\\b${SECRET_NAME}=([^"'\\s,]*)`, 'g'),
];

function isReference(value: string): boolean {
  return (
    value === '' ||
    /^\$/.test(value) ||
    /^(var|local|each|data|google_[a-z0-9_]+)\./.test(value) ||
    /^\*+$/.test(value) ||
    /^projects\/[^/]+\/secrets\//.test(value)
  );
}

/** Problems (`path:line: what`) for everything in `text` that looks like a secret value. */
export function findSecrets(path: string, text: string): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    const where = `${path}:${index + 1}`;
    for (const [what, pattern] of KEY_LIKE) {
      if (pattern.test(line)) problems.push(`${where}: ${what}`);
    }
    for (const match of line.matchAll(URL_WITH_PASSWORD)) {
      if (!isReference(match[1] ?? '')) problems.push(`${where}: a URL with a password`);
    }
    for (const pattern of ASSIGNMENTS) {
      for (const match of line.matchAll(pattern)) {
        if (!isReference(match[1] ?? ''))
          problems.push(`${where}: a value assigned to a secret's name`);
      }
    }
  });
  return [...new Set(problems)];
}
