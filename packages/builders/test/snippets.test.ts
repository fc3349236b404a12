import { createRequire } from 'node:module';
import * as path from 'node:path';
import ts from 'typescript';
import * as builders from '@graph-calling/builders';
import { toTypeScript } from '@graph-calling/builders';
import { SEED_CASES } from './seed-cases';

const root = path.resolve(__dirname, '../../..');

/** Type-checks every snippet in one program against the builders' source, as a user's editor would. */
function typecheck(files: Record<string, string>): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    baseUrl: root,
    paths: { '@graph-calling/*': ['packages/*/src/index.ts'] },
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name in files || fileExists(name);
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || d.file.fileName in files)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** Runs a snippet as CommonJS with `@graph-calling/builders` bound to the package under test. */
function run(snippet: string): unknown {
  const js = ts.transpileModule(snippet, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exports: Record<string, unknown> = {};
  const requireFromHere = createRequire(__filename);
  const require = (id: string) => (id === '@graph-calling/builders' ? builders : requireFromHere(id));
  new Function('exports', 'require', js)(exports, require);
  return exports['request'];
}

describe('toTypeScript snippets', () => {
  const cases = Object.entries(SEED_CASES).map(([name, c]) => ({ name, request: c.build() }));
  const snippets = Object.fromEntries(cases.map((c) => [path.join(root, `.snippets/${c.name}.ts`), toTypeScript(c.request)]));

  it('compile without errors against the builders (strict, exactOptionalPropertyTypes)', () => {
    expect(typecheck(snippets)).toEqual([]);
  }, 60_000);

  it.each(cases.map((c) => [c.name, c] as const))('%s: the snippet, executed, produces the same request', (_name, { name, request }) => {
    const snippet = snippets[path.join(root, `.snippets/${name}.ts`)] as string;
    expect(snippet).not.toContain('The builders produce a different body');
    expect(run(snippet)).toEqual(request);
  });

  it('reads like a person wrote it', () => {
    expect(toTypeScript(SEED_CASES.p2p.build())).toBe(
      [
        "import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';",
        '',
        'export const request = peerToPeerCall({',
        "  callbackUri: 'https://bot.contoso.com/callback',",
        "  to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John'),",
        '  media: serviceHosted(),',
        '});',
        '',
      ].join('\n'),
    );
  });

  it('lists what the builders would change about a documented body', () => {
    const documented = { ...SEED_CASES.group.build(), direction: 'outgoing' } as never;
    const snippet = toTypeScript(documented);
    expect(snippet).toContain('// The builders produce a different body than the one given:');
    expect(snippet).toContain('//   direction: only before ("outgoing")');
  });

  it('says when the builders refuse a documented body', () => {
    const documented = { ...SEED_CASES.p2p.build(), tenantId: 'tenantId-value' } as never;
    expect(toTypeScript(documented)).toContain('// The builders refuse this request: tenantId: expected a GUID');
  });
});
