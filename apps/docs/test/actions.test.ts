import { resolve } from 'node:path';
import { parseDocPage, type DocBlock } from '@graph-calling/doc-examples';
import { analyzeBlock, requestBefore, verifySnippets, type ExampleAnalysis } from '../src';
import { ACTION_EXAMPLES, ACTION_NOTIFICATIONS, type ActionExample } from '@graph-calling/test-support/actionExamples';

const repoRoot = resolve(__dirname, '../../..');

/** An action page as Graph's docs write it: an annotated request block, then an annotated response. */
function page(example: ActionExample): string {
  const request = `<!-- { "blockType": "request", "name": "${example.name}" } -->\n\`\`\`http\n${example.method} ${example.target}\nContent-Type: application/json\n${
    example.body !== undefined ? `\n${JSON.stringify(example.body, null, 2)}\n` : ''
  }\`\`\`\n`;
  const responseType = example.response.body?.['@odata.type'];
  const response = `<!-- { "blockType": "response", "truncated": true${
    typeof responseType === 'string' ? `, "@odata.type": "${responseType.slice(1)}"` : ''
  } } -->\n\`\`\`http\nHTTP/1.1 ${example.response.status} OK\n${
    example.response.body !== undefined ? `Content-Type: application/json\n\n${JSON.stringify(example.response.body, null, 2)}\n` : ''
  }\`\`\`\n`;
  return `# ${example.name}\n\n## Request\n\n${request}\n## Response\n\n${response}`;
}

const notificationPage = (body: unknown) =>
  `# notification\n\n\`\`\`http\nPOST https://bot.contoso.com/api/calls\nContent-Type: application/json\n\`\`\`\n\n<!-- { "blockType": "example", "@odata.type": "microsoft.graph.commsNotifications" } -->\n\`\`\`json\n${JSON.stringify(body, null, 2)}\n\`\`\`\n`;

const analyse = (markdown: string): Array<{ block: DocBlock; analysis: ExampleAnalysis }> =>
  parseDocPage(markdown).blocks.map((block) => ({ block, analysis: analyzeBlock(block) }));

/** Status, codec and findings; the docs' own `placeholder` warnings (`clientContext-value`) are facts of the page, left out. */
const summary = (a: ExampleAnalysis) => {
  const findings = a.diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'placeholder');
  return {
    status: a.status === 'valid-with-warnings' && findings.length === 0 ? 'valid' : a.status,
    codec: a.codec,
    errors: findings.map((d) => d.message),
  };
};

describe('action pages', () => {
  it.each(ACTION_EXAMPLES.map((e) => [e.name, e] as const))('%s: request and response decode with their own codecs', (_name, example) => {
    const [request, response] = analyse(page(example));
    if (example.body !== undefined) {
      expect(summary(request!.analysis)).toMatchObject({ status: 'valid', errors: [] });
      expect(request!.analysis.codec).toMatch(/Request$/);
      expect(request!.analysis.permissions?.scenario).toBe(request!.analysis.action);
      expect(request!.analysis.recipe?.code).toContain('@graph-calling/transport');
      expect(request!.analysis.refused).toBeUndefined();
    }
    // A response annotated with an operation subtype is decoded as that subtype.
    const named = example.response.body?.['@odata.type'];
    if (example.response.body !== undefined)
      expect(summary(response!.analysis)).toEqual({
        status: 'valid',
        codec:
          typeof named === 'string'
            ? named.replace('#microsoft.graph.', '').replace('recordResponseOperation', 'commsOperation')
            : 'commsOperation',
        errors: [],
      });
  });

  it('gives every action request a TypeScript tab that compiles and reproduces the body', () => {
    const snippets = ACTION_EXAMPLES.filter((e) => e.body !== undefined).map((example) => {
      const [request] = analyse(page(example));
      const recipe = request!.analysis.recipe!;
      return { id: example.name.replace(/[^A-Za-z0-9-]/g, '_'), code: recipe.code, expected: recipe.build() };
    });
    expect(snippets).toHaveLength(24);
    expect(verifySnippets(snippets, repoRoot)).toEqual([]);
  }, 120_000);

  it('marks a body without a codec not-validated, with the reason as info, never invalid', () => {
    const markdown = `# Create or get\n\n<!-- { "blockType": "request" } -->\n\`\`\`http\nPOST https://graph.microsoft.com/v1.0/communications/onlineMeetings/createOrGet\n\n{ "externalId": "x" }\n\`\`\`\n`;
    const [only] = analyse(markdown);
    expect(only!.analysis.status).toBe('not-validated');
    expect(only!.analysis.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'info',
        code: 'not-validated',
        message:
          'POST /v1.0/communications/onlineMeetings/createOrGet is not a calls API operation the models describe, so its body is not validated',
      }),
    ]);
  });

  it('reads a response without @odata.type with the answer codec of the request it follows', () => {
    const example = ACTION_EXAMPLES.find((e) => e.name === 'call-recordResponse')!;
    const { '@odata.type': _type, ...untyped } = example.response.body as Record<string, unknown>;
    const blocks = parseDocPage(page({ ...example, response: { status: 200, body: untyped } })).blocks;
    const response = blocks[1]!;
    expect(analyzeBlock(response).status).toBe('not-validated');
    const paired = analyzeBlock(response, { request: requestBefore(blocks, response.index)! });
    expect(paired).toMatchObject({ status: 'valid', codec: 'recordOperation', action: 'recordResponse' });
  });

  it('still reports a true defect: a resultInfo code written as a string', () => {
    const example = ACTION_EXAMPLES.find((e) => e.name === 'call-playPrompt')!;
    const broken = {
      ...example,
      response: { status: 200, body: { ...example.response.body, status: 'failed', resultInfo: { code: '0', subcode: 0 } } },
    };
    const [, response] = analyse(page(broken));
    expect(summary(response!.analysis)).toEqual({
      status: 'invalid',
      codec: 'playPromptOperation',
      errors: ['resultInfo.code: expected number, found "0"'],
    });
  });
});

describe('action notifications', () => {
  it.each([
    ['playPromptCompleted', ['operation.updated', 'operation.completed']],
    ['recordCompleted', ['operation.updated', 'operation.completed']],
    ['inviteCompleted', ['operation.updated', 'operation.completed', 'participant.invited']],
    ['rosterViaOperations', ['participant.joined (1e126418-44a0-4a94-a6f8-0efe1ad71acb)', 'roster.updated']],
    ['incomingVoip', ['call.incoming', 'call.stateChanged: — → incoming']],
    ['toneReceived', ['call.stateChanged: — → established', 'call.established', 'tone.received']],
  ])('%s decodes by its resource and emits %j', (name, events) => {
    const [, notification] = analyse(notificationPage(ACTION_NOTIFICATIONS[name]));
    expect(summary(notification!.analysis)).toEqual({ status: 'valid', codec: 'commsNotifications', errors: [] });
    expect(notification!.analysis.events).toEqual(events);
  });

  it('decodes a single-resource template (commsNotification) as that resource', () => {
    const single = (ACTION_NOTIFICATIONS['playPromptCompleted'] as { value: unknown[] }).value[0];
    const [, notification] = analyse(notificationPage(single));
    expect(summary(notification!.analysis)).toEqual({ status: 'valid', codec: 'commsNotification', errors: [] });
  });
});
