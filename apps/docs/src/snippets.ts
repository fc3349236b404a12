// The one snippet checker: every TypeScript tab of the docs site compiles and runs (the builders' snippets are checked through it in apps/docs/test).
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import ts from 'typescript';
import * as builders from '@graph-calling/builders';

/** A snippet to check: its code and the request it must produce. */
export interface SnippetCheck {
  readonly id: string;
  readonly code: string;
  readonly expected: unknown;
}

/** What went wrong with one snippet. */
export interface SnippetFailure {
  readonly id: string;
  readonly reason: string;
}

/**
 * Used by the docs site (every TypeScript tab) and by the builders' tests (every `toTypeScript` output).
 * Type-checks every snippet in one TypeScript program (strict, against the builders' source),
 * then runs each and compares what it builds with the expected request.
 */
export function verifySnippets(snippets: readonly SnippetCheck[], repoRoot: string): SnippetFailure[] {
  if (snippets.length === 0) return [];
  const files = new Map(snippets.map((s) => [join(repoRoot, '.docs-snippets', `${s.id}.ts`), s]));
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    baseUrl: repoRoot,
    paths: { '@graph-calling/*': ['packages/*/src/index.ts'] },
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files.get(name)?.code ?? readFile(name);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  const failures: SnippetFailure[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const snippet = d.file ? files.get(d.file.fileName) : undefined;
    if (snippet) failures.push({ id: snippet.id, reason: `does not compile: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}` });
  }
  for (const snippet of snippets) {
    if (failures.some((f) => f.id === snippet.id)) continue;
    try {
      const js = ts.transpileModule(snippet.code, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const exports: Record<string, unknown> = {};
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the compiled snippet is what is being checked
      const runSnippet = new Function('exports', 'require', js) as (exports: object, require: (id: string) => unknown) => void;
      runSnippet(exports, (id: string) => {
        if (id === '@graph-calling/builders') return builders;
        throw new Error(`snippets may only import @graph-calling/builders, not ${id}`);
      });
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(exports['request'])), JSON.parse(JSON.stringify(snippet.expected)))) {
        failures.push({ id: snippet.id, reason: 'runs, but builds a different request than the one shown' });
      }
    } catch (error) {
      failures.push({ id: snippet.id, reason: `throws: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return failures;
}
