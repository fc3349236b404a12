import * as path from 'node:path';
import { toTypeScript } from '@graph-calling/builders';
import { SEED_CASES } from '@graph-calling/test-support/builderCases';
import { verifySnippets } from '../src/snippets';

const root = path.resolve(__dirname, '../../..');

// The docs site's checker on the builders' own snippets: one strict program against the builders' source,
// then each snippet run and compared with the request it was generated from.
describe('toTypeScript snippets through the docs site checker', () => {
  it('compile without errors against the builders (strict, exactOptionalPropertyTypes) and, run, produce the same request', () => {
    const snippets = Object.entries(SEED_CASES).map(([name, c]) => {
      const request = c.build();
      return { id: name, code: toTypeScript(request), expected: request };
    });
    expect(snippets.length).toBeGreaterThan(10);
    expect(verifySnippets(snippets, root)).toEqual([]);
  }, 60_000);

  it('reports a snippet that builds a different request than the one shown', () => {
    const request = SEED_CASES.p2p.build();
    const failures = verifySnippets(
      [{ id: 'changed', code: toTypeScript(request), expected: { ...request, direction: 'incoming' } }],
      root,
    );
    expect(failures).toEqual([{ id: 'changed', reason: 'runs, but builds a different request than the one shown' }]);
  });
});
