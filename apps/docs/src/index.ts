export { buildSite } from './buildSite';
export { analyzeBlock } from './analyzeBlock';
export { verifySnippets } from './snippets';
export { main, findRepoRoot } from './cli';

export type { BuildOptions, BuildResult, ExampleEntry, Source } from './buildSite';
export type { ExampleAnalysis, ExampleStatus, ExampleDiagnostic } from './analyzeBlock';
