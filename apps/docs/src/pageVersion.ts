import type { GraphVersion } from '@graph-calling/models';

const VERSION_IN_PATH = /(?:^|[\\/._-])(beta|v1\.0)(?=[\\/._-]|$)/i;

/** `Beta`, `V1.0`, `1.0`, `graph-rest-beta` → the version they name, if any. */
function normalize(text: string): GraphVersion | undefined {
  const v = text
    .trim()
    .toLowerCase()
    .replace(/^graph-rest-/, '');
  if (v === 'beta') return 'beta';
  if (v === 'v1.0' || v === '1.0') return 'v1.0';
  return undefined;
}

/**
 * The Graph version a page documents: its front matter's version if it states one, else the
 * nearest folder or file-name part that is `beta` or `v1.0` (`api-reference/beta/api/x.md`,
 * `create-call.v1.0.2021-02-10.md`), looked for in the path inside its source and then in the
 * source's own folder. `undefined` when nothing says.
 */
export function pageVersion(rel: string, file: string, front: Readonly<Record<string, unknown>>): GraphVersion | undefined {
  for (const key of ['ms.version', 'version', 'graph.version']) {
    const value = front[key];
    if (typeof value === 'string') {
      const v = normalize(value);
      if (v !== undefined) return v;
    }
  }
  const inRel = lastMatch(rel);
  if (inRel !== undefined) return inRel;
  return lastMatch(file);
}

function lastMatch(path: string): GraphVersion | undefined {
  const parts = path.split(/[\\/]/);
  for (let i = parts.length - 1; i >= 0; i -= 1) {
    const found = VERSION_IN_PATH.exec(parts[i] as string)?.[1];
    if (found !== undefined) return normalize(found);
  }
  return undefined;
}
