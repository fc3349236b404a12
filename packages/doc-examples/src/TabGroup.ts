import type { LocalizedText } from './delocalize';

/** One tab of a DocFX tab group: the heading `# [C#](#tab/csharp)` and the lines under it. */
export interface Tab {
  /** The id after `#tab/`: `http`, `csharp`, `javascript`. */
  readonly key: string;
  /** The link text of the tab heading, in both readings. */
  readonly label: LocalizedText;
  /** 1-based page line of the tab heading. */
  readonly line: number;
}

/**
 * Consecutive DocFX tab headings that form one group, ended by a `---` line, by a heading that is
 * not a tab at the tabs' level or above, or by the end of the page.
 */
export interface TabGroup {
  readonly tabs: readonly Tab[];
  /** 1-based line of the first tab heading. */
  readonly line: number;
  /** 1-based line of the `---` that closes the group, when one does. */
  readonly closeLine?: number;
}
