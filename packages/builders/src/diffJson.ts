import { appendJsonPath, previewJson } from '@graph-calling/models';

/** Longest value preview in a difference line. */
const PREVIEW = 60;

/**
 * Where two JSON values differ, as `path: before → after` lines (`path: only before` when a
 * property is dropped). Order of keys does not matter. Stops after `max` differences.
 */
export function diffJson(before: unknown, after: unknown, max = 50): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string, depth: number) => {
    if (out.length >= max) return;
    if (a === b) return;
    const bothArrays = Array.isArray(a) && Array.isArray(b);
    const bothObjects =
      !bothArrays && typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b);
    if (depth < 64 && bothArrays) {
      const length = Math.max(a.length, b.length);
      for (let i = 0; i < length; i += 1) {
        if (i >= a.length) out.push(`${appendJsonPath(path, i)}: only after (${previewJson(b[i], PREVIEW)})`);
        else if (i >= b.length) out.push(`${appendJsonPath(path, i)}: only before (${previewJson(a[i], PREVIEW)})`);
        else walk(a[i], b[i], appendJsonPath(path, i), depth + 1);
      }
      return;
    }
    if (depth < 64 && bothObjects) {
      const ra = a as Record<string, unknown>;
      const rb = b as Record<string, unknown>;
      for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
        if (!(key in rb)) out.push(`${appendJsonPath(path, key)}: only before (${previewJson(ra[key], PREVIEW)})`);
        else if (!(key in ra)) out.push(`${appendJsonPath(path, key)}: only after (${previewJson(rb[key], PREVIEW)})`);
        else walk(ra[key], rb[key], appendJsonPath(path, key), depth + 1);
      }
      return;
    }
    out.push(`${path}: ${previewJson(a, PREVIEW)} → ${previewJson(b, PREVIEW)}`);
  };
  walk(before, after, '$', 0);
  return out;
}
