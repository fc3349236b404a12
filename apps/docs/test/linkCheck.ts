import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One internal link of the built site that leads nowhere. */
export interface BrokenLink {
  readonly from: string;
  readonly href: string;
  readonly reason: string;
}

/** Every href and src of every HTML file of a built site, with the file it is in. */
export function siteLinks(out: string): Array<{ from: string; href: string }> {
  return htmlFiles(out).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => ({
      from: relative(out, file),
      href: (m[1] as string).replace(/&amp;/g, '&'),
    })),
  );
}

/**
 * Checks every internal link of a built site: the file must exist and, with a fragment, hold an
 * element with that id (or an `<a name>`). External links (https:, mailto:, data:) are not followed.
 */
export function checkLinks(out: string): { checked: number; broken: BrokenLink[] } {
  const anchors = new Map<string, Set<string>>();
  const anchorsOf = (file: string) => {
    let set = anchors.get(file);
    if (set === undefined) {
      const html = readFileSync(file, 'utf8');
      set = new Set([...html.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => decodeEntities(m[1] as string)));
      anchors.set(file, set);
    }
    return set;
  };
  const files = new Set(htmlFiles(out).concat(allFiles(out)));
  const broken: BrokenLink[] = [];
  let checked = 0;
  for (const { from, href } of siteLinks(out)) {
    if (/^(https?|mailto|data):/i.test(href)) continue;
    checked += 1;
    const [path = '', fragment] = href.split('#');
    const target = path === '' ? join(out, from) : resolve(dirname(join(out, from)), decodeURIComponent(path.split('?')[0] ?? ''));
    if (!files.has(target)) {
      broken.push({ from, href, reason: 'no such file' });
      continue;
    }
    if (fragment && target.endsWith('.html') && !anchorsOf(target).has(decodeURIComponent(fragment))) {
      broken.push({ from, href, reason: `no element with id or name "${fragment}"` });
    }
  }
  return { checked, broken };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

function htmlFiles(dir: string): string[] {
  return allFiles(dir).filter((f) => f.endsWith('.html'));
}
