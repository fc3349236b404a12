import { toTypeScript } from '@graph-calling/builders';
import { SEED_CASES } from '@graph-calling/test-support/builderCases';

describe('toTypeScript snippets', () => {
  const cases = Object.entries(SEED_CASES).map(([name, c]) => ({ name, request: c.build() }));
  const snippets = cases.map((c) => ({ id: c.name, code: toTypeScript(c.request), expected: c.request }));

  it.each(snippets.map((s) => [s.id, s] as const))('%s: the builders reproduce the request as given', (_name, { code }) => {
    expect(code).not.toContain('The builders produce a different body');
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
