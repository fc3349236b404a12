import { previewJson } from './codec/path';

/**
 * Longest call, participant or operation id accepted from outside. Graph's ids are GUIDs (36
 * characters) or short opaque strings; 256 leaves room for any of them while keeping a hostile
 * id out of Redis keys, URL paths and log lines.
 */
export const MAX_RESOURCE_ID_LENGTH = 256;

/** Why a string cannot be a call, participant or operation id. */
export type ResourceIdProblem =
  /** Not a string at all. */
  | 'not-a-string'
  | 'empty'
  /** Longer than {@link MAX_RESOURCE_ID_LENGTH}. */
  | 'too-long'
  /** A lone UTF-16 surrogate: no UTF-8 encoding (a Redis key, a URL) can carry it back. */
  | 'lone-surrogate'
  /** `/`, `\`, `?` or `#`: it would change the shape of the URL it is put in. */
  | 'path-separator'
  /** `.` or `..` (also as `%2e`): a URL would resolve it to another resource. */
  | 'dot-segment'
  /** A control character (U+0000–U+001F, U+007F): no id has one, and a log line must not. */
  | 'control-character';

const EXPLAIN: Readonly<Record<ResourceIdProblem, string>> = {
  'not-a-string': 'is not a string',
  empty: 'is empty',
  'too-long': `is longer than ${MAX_RESOURCE_ID_LENGTH} characters`,
  'lone-surrogate': 'holds a lone UTF-16 surrogate',
  'path-separator': 'holds a path separator (/ \\ ? #)',
  'dot-segment': 'is a dot segment (. or ..)',
  'control-character': 'holds a control character',
};

// Separators, and control characters other than those.
const SEPARATOR = /[/\\?#]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const DOTS = /^(?:\.|%2e){1,2}$/i;
// With the u flag a surrogate pair is one code point: only a lone surrogate is in the class.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why `id` cannot be used as a call, participant or operation id; `undefined` when it can. */
export function resourceIdProblem(id: unknown): ResourceIdProblem | undefined {
  if (typeof id !== 'string') return 'not-a-string';
  if (id.length === 0) return 'empty';
  if (id.length > MAX_RESOURCE_ID_LENGTH) return 'too-long';
  if (LONE_SURROGATE.test(id)) return 'lone-surrogate';
  if (SEPARATOR.test(id)) return 'path-separator';
  if (DOTS.test(id)) return 'dot-segment';
  if (CONTROL.test(id)) return 'control-character';
  return undefined;
}

/** An id from outside that is not usable: names the field, what was expected and what arrived. */
export class ResourceIdError extends Error {
  override readonly name = 'ResourceIdError';
  readonly code = 'invalid-resource-id' as const;

  constructor(
    /** Where the id came from: `callId`, `value[0].resourceUrl (participant id)`, `Location header`. */
    readonly field: string,
    readonly problem: ResourceIdProblem,
    /** The value, as JSON, cut to 80 characters (a 1 MiB id is not repeated in full). */
    readonly received: string,
  ) {
    super(
      `${field}: expected an id of 1–${MAX_RESOURCE_ID_LENGTH} well-formed characters without / \\ ? # or control characters and not . or .., ` +
        `found one that ${EXPLAIN[problem]}: ${received}`,
    );
  }
}

/** `id` when it is a usable call, participant or operation id; throws a {@link ResourceIdError} naming `field` otherwise. */
export function checkResourceId(id: unknown, field: string): string {
  const problem = resourceIdProblem(id);
  if (problem !== undefined) throw new ResourceIdError(field, problem, previewId(id));
  return id as string;
}

function previewId(id: unknown): string {
  if (typeof id !== 'string') return previewJson(id, 80);
  // JSON.stringify escapes a lone surrogate (as `\\ud800`), so the preview shows what arrived.
  return previewJson(id.length > 80 ? id.slice(0, 80) : id, 80);
}
