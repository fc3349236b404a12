import { resolveHref } from './links';
import { pageVersion } from './pageVersion';

describe('pageVersion', () => {
  it('reads the version from the front matter, the path inside the source, or the source folder', () => {
    expect(pageVersion('api/call-answer.md', '/x/api-reference/beta/api/call-answer.md', {})).toBe('beta');
    expect(pageVersion('create-call.v1.0.2021-02-10.zh-CN.md', '/s/create-call.v1.0.2021-02-10.zh-CN.md', {})).toBe('v1.0');
    expect(pageVersion('call.md', '/docs/v1.0/call.md', {})).toBe('v1.0');
    expect(pageVersion('call.md', '/docs/call.md', { 'ms.version': 'graph-rest-beta' })).toBe('beta');
    expect(pageVersion('betamax/call.md', '/docs/betamax/call.md', {})).toBeUndefined();
  });
});

describe('links to learn.microsoft.com name the page version', () => {
  const context = (version?: string) => ({
    file: '/t/api-reference/beta/api/call-answer.md',
    repoPath: 'api-reference/beta/api/call-answer.md',
    pagesByFile: new Map<string, string>(),
    strict: false,
    ...(version !== undefined ? { version } : {}),
  });

  it('adds ?view= to API and resource pages only, keeping an anchor and a view the link picks', () => {
    expect(resolveHref('../resources/call.md#properties', context('beta')).href).toBe(
      'https://learn.microsoft.com/graph/api/resources/call?view=graph-rest-beta#properties',
    );
    expect(resolveHref('/graph/api/call-get', context('v1.0')).href).toBe(
      'https://learn.microsoft.com/graph/api/call-get?view=graph-rest-1.0',
    );
    expect(resolveHref('../resources/call.md?view=graph-rest-1.0', context('beta')).href).toBe(
      'https://learn.microsoft.com/graph/api/resources/call?view=graph-rest-1.0',
    );
    expect(resolveHref('/graph/permissions-reference', context('beta')).href).toBe(
      'https://learn.microsoft.com/graph/permissions-reference',
    );
    expect(resolveHref('../resources/call.md', context()).href).toBe('https://learn.microsoft.com/graph/api/resources/call');
  });
});
