/** A small RFC 5322 / MIME reader for tests: headers, encoded words, parts, quoted-printable. */

export interface ParsedMail {
  /** Lower-case header name → values, unfolded, encoded words decoded. */
  headers: Map<string, string[]>;
  /** text/plain and text/html bodies, transfer-decoded (UTF-8). */
  text: string | undefined;
  html: string | undefined;
}

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=). */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8'),
    );
}

function splitHeaders(block: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), decodeWords(line.slice(colon + 1).trim())]);
  }
  return headers;
}

function decodeBody(headers: Map<string, string[]>, body: string): string {
  const encoding = headers.get('content-transfer-encoding')?.[0]?.toLowerCase() ?? '7bit';
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body).toString('utf8');
  if (encoding === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** Parses a raw message (CRLF line ends required, as RFC 5322 demands). */
export function parseEml(raw: string): ParsedMail {
  const cut = raw.indexOf('\r\n\r\n');
  const headers = splitHeaders(raw.slice(0, cut));
  const body = raw.slice(cut + 4);
  const type = headers.get('content-type')?.[0] ?? 'text/plain';
  const out: ParsedMail = { headers, text: undefined, html: undefined };
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((p) => p.replace(/^\r\n/, '').replace(/\r\n$/, ''))
    : [
        `Content-Type: ${type}\r\nContent-Transfer-Encoding: ${headers.get('content-transfer-encoding')?.[0] ?? '7bit'}\r\n\r\n${body}`,
      ];
  for (const part of parts) {
    const at = part.indexOf('\r\n\r\n');
    const partHeaders = splitHeaders(part.slice(0, at));
    const content = decodeBody(partHeaders, part.slice(at + 4));
    const partType = partHeaders.get('content-type')?.[0] ?? '';
    if (partType.startsWith('text/plain')) out.text = content;
    if (partType.startsWith('text/html')) out.html = content;
  }
  return out;
}
