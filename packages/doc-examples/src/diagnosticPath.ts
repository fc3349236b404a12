import type { JSONPath } from 'jsonc-parser';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The path of a diagnostic, written as the models write theirs (`targets[1].identity.user.id`, keys that
 * are not identifiers quoted, the root `$`), from jsonc-parser's path: doc-examples imports nothing of
 * ours, so it keeps this small writer of its own — under its own name (the models own `formatJsonPath`).
 */
export function diagnosticPath(path: JSONPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '$' : out;
}
