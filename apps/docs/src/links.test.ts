import { publishedPath, resolveHref, type LinkContext } from './links';

const page: LinkContext = {
  file: '/tree/graph-docs/create-call.beta.2021-05-26.zh-CN.md',
  repoPath: 'api-reference/beta/api/create-call.beta.2021-05-26.zh-CN.md',
  pagesByFile: new Map([['/tree/graph-docs/other.md', 'graph-docs--other']]),
  strict: false,
};

describe('resolveHref', () => {
  it.each([
    ['../resources/call.md', 'https://learn.microsoft.com/graph/api/resources/call'],
    ['../resources/call.md#properties', 'https://learn.microsoft.com/graph/api/resources/call#properties'],
    ['participant-invite.md', 'https://learn.microsoft.com/graph/api/participant-invite'],
    ['/graph/auth-v2-service', 'https://learn.microsoft.com/graph/auth-v2-service'],
    ['/graph/api/resources/call.md', 'https://learn.microsoft.com/graph/api/resources/call'],
    [
      '/microsoftteams/platform/concepts/calls-and-meetings/registering-calling-bot#add',
      'https://learn.microsoft.com/microsoftteams/platform/concepts/calls-and-meetings/registering-calling-bot#add',
    ],
    ['../../concepts/cloud-communications-concept-overview.md', 'https://learn.microsoft.com/graph/cloud-communications-concept-overview'],
    ['other.md#examples', 'graph-docs--other.html#examples'],
    ['#permissions', '#permissions'],
    ['https://example.com/x.md', 'https://example.com/x.md'],
    ['mailto:someone@example.com', 'mailto:someone@example.com'],
  ])('%s → %s', (href, expected) => {
    expect(resolveHref(href, page)).toEqual({ href: expected });
  });

  it('names a link of our own docs to a page that does not exist, instead of sending it to learn.microsoft.com', () => {
    const ours: LinkContext = { file: '/repo/docs/guides/a.md', repoPath: 'guides/a.md', pagesByFile: new Map(), strict: true };
    expect(resolveHref('missing.md#x', ours)).toEqual({ href: '#', missing: 'missing.md' });
  });
});

describe('publishedPath', () => {
  it('maps the Graph docs repository layout to published addresses', () => {
    expect(publishedPath('api-reference/v1.0/api/application-post-calls.md')).toBe('/graph/api/application-post-calls');
    expect(publishedPath('api-reference/beta/resources/call.md')).toBe('/graph/api/resources/call');
    expect(publishedPath('concepts/webhooks.md')).toBe('/graph/webhooks');
    expect(publishedPath('../../../elsewhere/page.md')).toBe('/graph/elsewhere/page');
  });
});
