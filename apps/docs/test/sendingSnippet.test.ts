import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '../src';
import { sendingSnippet } from '../src/sendingSnippet';
import { sharedDir } from '@graph-calling/test-support/seeds';

describe('the TypeScript tab says how the transport sends each request example', () => {
  it('names the client options for each documented collection, and what to use today for the deprecated ones', () => {
    expect(sendingSnippet('https://graph.microsoft.com/v1.0/communications/calls')).toContain(
      'createCallsClient({ auth: clientCredentials({ tenantId, clientId, clientSecret }) });',
    );
    expect(sendingSnippet('https://graph.microsoft.com/beta/communications/calls')).toContain("version: 'beta' });");
    const app = sendingSnippet('https://graph.microsoft.com/beta/app/calls') ?? '';
    expect(app).toContain("version: 'beta', useAppCallsPath: true");
    expect(app).toContain('useApplicationCallsPath: clientId');
    expect(app).toContain('new code sends POST /v1.0/communications/calls');
    expect(sendingSnippet('/beta/applications/{id}/calls')).toContain("version: 'beta', useApplicationCallsPath: clientId");
    expect(sendingSnippet('https://graph.microsoft.com/v1.0/me')).toBeUndefined();
  });

  it('shows it on the 2019 beta page that documents /app/calls and /applications/{id}/calls', () => {
    const out = mkdtempSync(join(tmpdir(), 'site-'));
    const site = buildSite({
      sources: [{ dir: join(sharedDir(), 'graph-docs'), strict: false }],
      out,
      repoRoot: join(__dirname, '../../..'),
    });
    const page = site.pages.find((p) => p.source.endsWith('create-call.beta.2019-07-31.zh-CN.md'));
    expect(page).toBeDefined();
    const html = readFileSync(join(out, 'pages', `${page?.slug}.html`), 'utf8');
    expect(html).toContain('<div class="sending">');
    expect(html).toContain('useAppCallsPath');
    expect(html).toContain('useApplicationCallsPath');
  }, 120_000);
});
