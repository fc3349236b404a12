/** One `Name: value` line of an HTTP example. */
export interface HttpHeader {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/** The first line of an HTTP message: a request line or a status line. */
export type HttpStartLine =
  | {
      readonly kind: 'request';
      readonly line: number;
      readonly method: string;
      readonly target: string;
      readonly httpVersion?: string;
    }
  | {
      readonly kind: 'response';
      readonly line: number;
      readonly httpVersion: string;
      readonly status: number;
      readonly reason?: string;
    };

/** An HTTP example as the docs write it: start line, headers, then an optional body. */
export type HttpMessage = HttpStartLine & {
  readonly headers: readonly HttpHeader[];
  /** Further request lines in the same block: an endpoint list such as `POST /app/calls` + `POST /applications/{id}/calls`. */
  readonly alternatives: readonly HttpStartLine[];
  /** The body, with the 1-based page line where it starts. */
  readonly body?: { readonly text: string; readonly line: number };
};

const METHODS = 'GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT';
const REQUEST_LINE = new RegExp(`^(${METHODS})[ \\t]+(\\S+)(?:[ \\t]+(HTTP/\\d(?:\\.\\d)?))?[ \\t]*$`);
const STATUS_LINE = /^HTTP\/(\d(?:\.\d)?)[ \t]+(\d{3})(?:[ \t]+(.*?))?[ \t]*$/;
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;

/** Reads one line as an HTTP start line, or returns `undefined`. */
export function parseStartLine(text: string, line: number): HttpStartLine | undefined {
  const request = REQUEST_LINE.exec(text);
  if (request) {
    const [, method = '', target = '', httpVersion] = request;
    return { kind: 'request', line, method, target, ...(httpVersion ? { httpVersion } : {}) };
  }
  const status = STATUS_LINE.exec(text);
  if (status) {
    const [, httpVersion = '', code = '', reason] = status;
    return { kind: 'response', line, httpVersion, status: Number(code), ...(reason ? { reason } : {}) };
  }
  return undefined;
}

/**
 * Splits an `http` block into start line, headers and body. `firstLine` is the page line
 * of the block's first content line. Returns `undefined` when the block does not open with
 * a start line.
 */
export function parseHttpMessage(content: string, firstLine: number): HttpMessage | undefined {
  const lines = content.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i += 1;
  const start = parseStartLine((lines[i] ?? '').trim(), firstLine + i);
  if (start === undefined) return undefined;
  i += 1;

  const alternatives: HttpStartLine[] = [];
  const headers: HttpHeader[] = [];
  for (; i < lines.length; i += 1) {
    const text = (lines[i] ?? '').trim();
    if (text === '' || text.startsWith('{') || text.startsWith('[')) break;
    const other = headers.length === 0 ? parseStartLine(text, firstLine + i) : undefined;
    if (other !== undefined) {
      alternatives.push(other);
      continue;
    }
    const header = HEADER.exec(text);
    if (!header) break;
    headers.push({ name: header[1] ?? '', value: header[2] ?? '', line: firstLine + i });
  }
  while (i < lines.length && (lines[i] ?? '').trim() === '') i += 1;
  const bodyText = lines.slice(i).join('\n').trimEnd();
  return {
    ...start,
    headers,
    alternatives,
    ...(bodyText !== '' ? { body: { text: bodyText, line: firstLine + i } } : {}),
  };
}
