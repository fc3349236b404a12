import { posix } from 'node:path';

/** Where the published Graph docs live: links to pages that are not in this site go there. */
export const LEARN = 'https://learn.microsoft.com';

/** What a link is resolved against: the file that holds it, and the site's pages. */
export interface LinkContext {
  /** Absolute path of the page or include that holds the link. */
  readonly file: string;
  /** Where that file sits in the Graph docs repository (see SitePage.repoPath). */
  readonly repoPath: string;
  /** Absolute path of every page of the site → its slug. */
  readonly pagesByFile: ReadonlyMap<string, string>;
  /** Our own docs: a `.md` link to a page that is not in the site is an error, not a published page. */
  readonly strict: boolean;
  /** The Graph version of the page (`beta`, `v1.0`): a link to an API or resource page opens that version. */
  readonly version?: string;
}

/** A resolved link, and whether it points at a page the site should have had. */
export interface ResolvedLink {
  readonly href: string;
  /** A `.md` link of our own docs to a page that does not exist. */
  readonly missing?: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Resolves a link of a source page as the published docs would: anchors and absolute URLs stay,
 * a relative link to a page of this site goes to its rendered page, and anything else goes to its
 * address on learn.microsoft.com (`/graph/…` site-relative paths, and `../resources/call.md`
 * relative to the page's place in the docs repository).
 */
export function resolveHref(href: string, context: LinkContext): ResolvedLink {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#') || SCHEME.test(trimmed) || trimmed.startsWith('//')) return { href: trimmed };
  const split = /^([^?#]*)([?#].*)?$/.exec(trimmed);
  const path = split?.[1] ?? trimmed;
  const suffix = split?.[2] ?? '';
  if (path.startsWith('/')) return { href: withView(`${LEARN}${path.replace(/\.md$/i, '')}`, suffix, context.version) };
  const decoded = safeDecode(path);
  const onDisk = posix.resolve(posix.dirname(context.file.split('\\').join('/')), decoded);
  const slug = context.pagesByFile.get(onDisk) ?? context.pagesByFile.get(`${onDisk}.md`);
  if (slug !== undefined) return { href: `${slug}.html${suffix}` };
  if (context.strict && /\.md$/i.test(decoded)) return { href: `#`, missing: decoded };
  return { href: withView(`${LEARN}${publishedPath(posix.join(posix.dirname(context.repoPath), decoded))}`, suffix, context.version) };
}

/**
 * learn.microsoft.com shows an API or resource page in v1.0 unless told otherwise: a link from a
 * beta page names `?view=graph-rest-beta` (a v1.0 page `graph-rest-1.0`), unless it picks a view itself.
 */
function withView(url: string, suffix: string, version: string | undefined): string {
  const view = version === 'beta' ? 'graph-rest-beta' : version === 'v1.0' ? 'graph-rest-1.0' : undefined;
  if (view === undefined || !/\/graph\/api\//.test(url) || /[?&]view=/.test(suffix)) return `${url}${suffix}`;
  const hash = suffix.indexOf('#');
  const query = hash < 0 ? suffix : suffix.slice(0, hash);
  const fragment = hash < 0 ? '' : suffix.slice(hash);
  return `${url}${query === '' ? '?' : `${query}&`}view=${view}${fragment}`;
}

/**
 * The published address of a file of the Graph docs repository: API pages and resources are
 * under `/graph/api/`, conceptual pages under `/graph/`.
 */
export function publishedPath(repoPath: string): string {
  const path = posix.normalize(repoPath).replace(/^(\.\.\/)+/, '');
  const page = path.replace(/\.md$/i, '');
  const api = /(?:^|\/)api\/(.+)$/.exec(page);
  if (api) return `/graph/api/${api[1]}`;
  const resource = /(?:^|\/)resources\/(.+)$/.exec(page);
  if (resource) return `/graph/api/resources/${resource[1]}`;
  const concept = /(?:^|\/)concepts\/(.+)$/.exec(page);
  if (concept) return `/graph/${concept[1]}`;
  return `/graph/${page.replace(/^api-reference\/(beta|v1\.0)\//, '')}`;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
