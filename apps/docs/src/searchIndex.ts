import MiniSearch from 'minisearch';
import type { Heading } from './renderMarkdown';
import { claimsJson } from './renderExample';
import type { SitePage } from './SitePage';

/** One thing a reader can find: a page, a heading, or an example. */
export interface SearchEntry {
  readonly id: string;
  readonly kind: 'page' | 'heading' | 'example';
  /** What matched, as the page says it. */
  readonly title: string;
  /** The English original (a translated page), else the title. */
  readonly english: string;
  /** The page it is on: title, version, locale, revision. */
  readonly page: string;
  /** Relative to the site root. */
  readonly url: string;
}

/** The MiniSearch options the index is built and loaded with (the browser needs the same). */
export const SEARCH_OPTIONS = {
  fields: ['title', 'english'],
  storeFields: ['kind', 'title', 'english', 'page', 'url'],
};

/** Every page, heading and example of the site as search entries. */
export function searchEntries(pages: readonly SitePage[], headings: ReadonlyMap<string, readonly Heading[]>): SearchEntry[] {
  return pages.flatMap((p) => {
    const url = `pages/${p.slug}.html`;
    const where = p.strict ? p.title : `${p.titleEnglish} · ${p.version} · ${p.locale} · ${p.date}`;
    const page: SearchEntry = { id: `p:${p.slug}`, kind: 'page', title: p.title, english: p.titleEnglish, page: p.source, url };
    const sections = (headings.get(p.slug) ?? []).map((h): SearchEntry => ({
      id: `h:${p.slug}#${h.id}`,
      kind: 'heading',
      title: h.local,
      english: h.english,
      page: where,
      url: `${url}#${h.id}`,
    }));
    const examples = p.analyses.filter(claimsJson).map((a): SearchEntry => {
      const under = a.block.heading;
      const title = a.block.annotation?.name ?? `${a.block.kind}${under ? ` · ${under.local}` : ''}`;
      return {
        id: `e:${p.slug}:${a.block.index}`,
        kind: 'example',
        title,
        english: a.block.annotation?.name ?? `${a.block.kind}${under ? ` · ${under.english}` : ''}`,
        page: where,
        url: `${url}#example-${a.block.index}`,
      };
    });
    return [page, ...sections, ...examples];
  });
}

/** A script defining `GC_SEARCH`: the MiniSearch index, built here so the browser only loads it. */
export function searchIndexScript(entries: readonly SearchEntry[]): string {
  const index = new MiniSearch<SearchEntry>(SEARCH_OPTIONS);
  index.addAll([...entries]);
  return `window.GC_SEARCH = ${JSON.stringify({ options: SEARCH_OPTIONS, index: index.toJSON() })};\n`;
}
