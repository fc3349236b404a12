import { resolveIncludes, findIncludes } from './resolveIncludes';

const files = new Map<string, string>([
  ['/tree/api/includes/a.md', '---\ndescription: x\n---\nA [!INCLUDE [b](nested/b.md)]\n'],
  ['/tree/api/includes/nested/b.md', 'B\n'],
  ['/tree/api/includes/loop.md', '[!INCLUDE [self](loop.md)]\n'],
  ['/tree/api/includes/deep1.md', '[!INCLUDE [d](deep2.md)]'],
  ['/tree/api/includes/deep2.md', '[!INCLUDE [d](deep3.md)]'],
  ['/tree/api/includes/deep3.md', 'bottom'],
  ['/secret.md', 'never read'],
]);
const reads: string[] = [];
const read = (path: string) => {
  reads.push(path);
  return files.get(path);
};

describe('resolveIncludes', () => {
  const page = [
    '[!INCLUDE [a](includes/a.md)]',
    '[!INCLUDE [gone](includes/gone.md)]',
    '[!INCLUDE [up](../../secret.md)]',
    '[!INCLUDE [loop](includes/loop.md)]',
    '[!INCLUDE [deep](includes/deep1.md)]',
  ].join('\n');
  const resolved = resolveIncludes('/tree/api/page.md', page, { roots: ['/tree'], read, maxDepth: 2 });

  it('reads each include relative to the file naming it, transitively, front matter blanked', () => {
    expect(resolved[0]).toMatchObject({ line: 1, target: '/tree/api/includes/a.md', markdown: '\n\n\nA [!INCLUDE [b](nested/b.md)]\n' });
    expect(resolved[0]?.includes[0]).toMatchObject({ target: '/tree/api/includes/nested/b.md', markdown: 'B\n' });
  });

  it('names what did not resolve and why, and never reads outside the roots', () => {
    expect(resolved.map((r) => r.problem ?? 'ok')).toEqual(['ok', 'missing', 'outside-roots', 'ok', 'ok']);
    expect(resolved[3]?.includes[0]?.problem).toBe('cycle');
    expect(resolved[4]?.includes[0]?.includes[0]).toMatchObject({ problem: 'too-deep', target: '/tree/api/includes/deep3.md' });
    expect(reads).not.toContain('/secret.md');
  });

  it('finds several includes on one line', () => {
    expect(findIncludes('x [!INCLUDE [a](a.md)] y [!include[b](b.md)]').map((i) => i.path)).toEqual(['a.md', 'b.md']);
  });
});
