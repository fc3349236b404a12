import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

/** A tree of markdown pages. `strict` sources (our own docs) fail the build on any example that is not valid. */
export interface Source {
  readonly dir: string;
  readonly label?: string;
  readonly strict: boolean;
}

/** One markdown page as read from disk. */
export interface SourceFile {
  readonly label: string;
  /** Path inside the source, with `/` separators. */
  readonly rel: string;
  /** Absolute path. */
  readonly file: string;
  readonly strict: boolean;
  readonly markdown: string;
}

/** Every page of every source, the folders includes may come from, and what could not be read. */
export interface SourceTree {
  readonly files: readonly SourceFile[];
  readonly roots: readonly string[];
  readonly failures: readonly string[];
}

/**
 * Reads every page of every source. Folders named `includes` hold fragments that pages pull in, not
 * pages, so they are not listed (DocFX does not publish them either).
 */
export function readSources(sources: readonly Source[]): SourceTree {
  const files: SourceFile[] = [];
  const failures: string[] = [];
  const roots: string[] = [];
  for (const source of sources) {
    const dir = resolve(source.dir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      failures.push(`source ${source.dir}: not a folder`);
      continue;
    }
    roots.push(dir);
    const label = source.label ?? basename(dir);
    for (const file of markdownFiles(dir)) {
      const rel = relative(dir, file).split('\\').join('/');
      try {
        files.push({ label, rel, file, strict: source.strict, markdown: readFileSync(file).toString('utf8') });
      } catch (error) {
        failures.push(`${label}/${rel}: could not be read (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }
  return { files, roots, failures };
}

/** A reader for include files that reads each file once however many pages include it. */
export function cachedReader(): (path: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (path) => {
    if (!cache.has(path)) {
      let text: string | undefined;
      try {
        text = statSync(path).isFile() ? readFileSync(path).toString('utf8') : undefined;
      } catch {
        // Absent (or unreadable) is what the caller reports; there is nothing else to say here.
        text = undefined;
      }
      cache.set(path, text);
    }
    return cache.get(path);
  };
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === 'includes') continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) out.push(path);
    }
  };
  walk(dir);
  return out;
}
