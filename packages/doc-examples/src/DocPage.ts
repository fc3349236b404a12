import type { Diagnostic } from './Diagnostic';
import type { DocBlock } from './DocBlock';
import type { TabGroup } from './TabGroup';

/** A `[!INCLUDE [label](path)]` reference, which docs tooling resolves from another tree. */
export interface Include {
  readonly line: number;
  readonly label: string;
  readonly path: string;
}

/** A docs page read in full: front matter, includes, fenced blocks, page-level diagnostics. */
export interface DocPage {
  /** Whatever the caller named the page (a path), echoed back. */
  readonly source?: string;
  readonly frontMatter: Readonly<Record<string, unknown>>;
  /** `ms.contentlocale` from the front matter (`zh-CN`), when present. */
  readonly locale?: string;
  readonly blocks: readonly DocBlock[];
  readonly includes: readonly Include[];
  /** DocFX tab groups (`# [HTTP](#tab/http)` … `---`), in page order. */
  readonly tabGroups: readonly TabGroup[];
  /** Problems of the page itself (BOM, front matter); block problems live on each block. */
  readonly diagnostics: readonly Diagnostic[];
}
