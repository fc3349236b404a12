const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : IDENTIFIER.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
const brief = (v: unknown) => {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
};

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
        if (i >= a.length) out.push(`${join(path, i)}: only after (${brief(b[i])})`);
        else if (i >= b.length) out.push(`${join(path, i)}: only before (${brief(a[i])})`);
        else walk(a[i], b[i], join(path, i), depth + 1);
      }
      return;
    }
    if (depth < 64 && bothObjects) {
      const ra = a as Record<string, unknown>;
      const rb = b as Record<string, unknown>;
      for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
        if (!(key in rb)) out.push(`${join(path, key)}: only before (${brief(ra[key])})`);
        else if (!(key in ra)) out.push(`${join(path, key)}: only after (${brief(rb[key])})`);
        else walk(ra[key], rb[key], join(path, key), depth + 1);
      }
      return;
    }
    out.push(`${path || '$'}: ${brief(a)} → ${brief(b)}`);
  };
  walk(before, after, '', 0);
  return out;
}
