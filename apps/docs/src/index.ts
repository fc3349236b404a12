export { buildSite } from './buildSite';
export { analyzeBlock, requestBefore } from './analyzeBlock';
export { verifySnippets } from './snippets';
export { main, findRepoRoot } from './cli';

export type { BuildOptions, BuildResult, ExampleEntry, Source } from './buildSite';
export type { ExampleAnalysis, ExampleStatus, ExampleDiagnostic, AnalyzeOptions, ExamplePermissions, ExampleRecipe } from './analyzeBlock';
export type { RequestLine, CodecChoice } from './chooseCodec';
