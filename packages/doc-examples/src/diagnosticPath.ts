import type { JSONPath } from 'jsonc-parser';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats a path the way our error messages write it: `targets[1].identity.user.id`,
 * with keys that are not identifiers quoted (`mediaConfig["@odata.type"]`); the root is `$`.
 */
export function formatJsonPath(path: JSONPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '$' : out;
}
