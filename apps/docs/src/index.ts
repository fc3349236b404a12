export { buildSite } from './buildSite';
export { analyzeBlock } from './analyzeBlock';
export { verifySnippets } from './snippets';
export { resolveHref, publishedPath, LEARN } from './links';
export { main, findRepoRoot, parseCommand } from './cli';

export type { BuildOptions, BuildResult, ExampleEntry, Source, UnresolvedInclude } from './buildSite';
export type { SitePage } from './SitePage';
export type { DocsCommand } from './cli';
export type { ExampleAnalysis, ExampleStatus, ExampleDiagnostic } from './analyzeBlock';
