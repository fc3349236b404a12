import type { ExampleAnalysis } from './analyzeBlock';
import type { SitePage } from './SitePage';

/** One entry of examples.json, per fenced block. */
export interface ExampleEntry {
  readonly source: string;
  readonly line: number;
  readonly blockType: string | null;
  readonly name: string | null;
  readonly kind: string;
  readonly status: string;
  readonly diagnostics: ReadonlyArray<{ severity: string; message: string; line: number; column: number; code: string; path?: string }>;
  readonly odataType: string | null;
}

/** The examples.json entry of one analysed block. */
export function exampleEntry(page: SitePage, a: ExampleAnalysis): ExampleEntry {
  return {
    source: page.source,
    line: a.block.line,
    blockType: a.block.annotation?.blockType ?? null,
    name: a.block.annotation?.name ?? null,
    kind: a.block.kind,
    status: a.status,
    diagnostics: a.diagnostics.map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.line,
      column: d.column,
      code: d.code,
      ...(d.path ? { path: d.path } : {}),
    })),
    odataType: a.block.odataType ?? null,
  };
}
