import { parseDocPage } from './parseDocPage';

const fence = (lang: string, body: string) => `\`\`\`${lang}\n${body}\n\`\`\``;

describe('parseDocPage', () => {
  it('attaches the annotation right before a fence, and only that one', () => {
    const page = parseDocPage(
      [
        '<!-- { "blockType": "request", "name": "a" } -->',
        fence('http', 'GET https://graph.microsoft.com/v1.0/communications/calls/1'),
        '',
        '<!-- { "blockType": "ignored" } -->',
        'Some prose separates this annotation from the next fence.',
        '',
        fence('json', '{}'),
      ].join('\n'),
    );
    expect(page.blocks.map((b) => b.annotation?.name ?? null)).toEqual(['a', null]);
    expect(page.blocks[0]?.kind).toBe('request');
    expect(page.blocks[1]?.kind).toBe('json');
  });

  it('reports a malformed annotation (trailing comma) and still reads it', () => {
    const page = parseDocPage(['<!-- {', '  "blockType": "response",', '  "truncated": true,', '}-->', fence('json', '{}')].join('\n'));
    const block = page.blocks[0];
    expect(block?.annotation).toMatchObject({ blockType: 'response', truncated: true, line: 1, endLine: 4 });
    expect(block?.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.severity}`)).toEqual(['malformed-annotation 3:20 warning']);
  });

  it('recovers from an unterminated annotation comment: later fences are still found', () => {
    const page = parseDocPage(
      ['<!-- {', '  "blockType": "request"', '}', fence('http', 'POST /x\n\n{"a": 1}'), '', fence('json', '[1]')].join('\n'),
    );
    expect(page.blocks).toHaveLength(2);
    expect(page.blocks[0]?.annotation?.blockType).toBe('request');
    expect(page.blocks[0]?.diagnostics.map((d) => d.code)).toContain('unterminated-annotation');
    expect(page.blocks[0]?.json?.value).toEqual({ a: 1 });
    expect(page.blocks[1]?.json?.value).toEqual([1]);
  });

  it('reports an unterminated fence and lets it run to the end of the page', () => {
    const page = parseDocPage('# T\n\n```json\n{"a": 1}\n\nmore text');
    expect(page.blocks).toHaveLength(1);
    expect(page.blocks[0]).toMatchObject({ closed: false, line: 3, endLine: 6 });
    expect(page.blocks[0]?.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual([
      'unterminated-fence 3',
      'json-syntax 6',
      'json-syntax 6',
    ]);
  });

  it('reads CRLF pages, a BOM and tabs with the same lines and columns', () => {
    const lf = '# T\n\n```json\n{\n\t"a": 1,\n}\n```\n';
    const crlf = '\ufeff' + lf.replace(/\n/g, '\r\n');
    const a = parseDocPage(lf);
    const b = parseDocPage(crlf);
    expect(b.blocks).toEqual(a.blocks);
    expect(b.diagnostics.map((d) => d.code)).toEqual(['byte-order-mark']);
    expect(a.blocks[0]?.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['trailing-comma 5:8']);
  });

  it('links a body to the start line in the block before, and only when nothing stands between', () => {
    const split = parseDocPage([fence('http', 'HTTP/1.1 201 Created\nLocation: https://x/1'), '', fence('json', '{"id": "1"}')].join('\n'));
    expect(split.blocks[1]).toMatchObject({ kind: 'response', httpBlock: 0, http: { status: 201 } });
    expect(split.blocks[1]?.diagnostics.map((d) => d.code)).toEqual(['split-http-message']);
    const apart = parseDocPage([fence('http', 'HTTP/1.1 201 Created'), '', 'Prose.', '', fence('json', '{}')].join('\n'));
    expect(apart.blocks[1]).toMatchObject({ kind: 'json' });
    expect(apart.blocks[1]?.http).toBeUndefined();
  });

  it('columns account for fences indented inside list items', () => {
    const page = parseDocPage(['1. Step', '', '   ```json', '   {', '     "a": 1,', '   }', '   ```'].join('\n'));
    expect(page.blocks[0]?.diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['5:12']);
  });

  it('classifies notifications by type or by shape', () => {
    const byShape = parseDocPage(fence('json', '{"value": [{"changeType": "updated", "resource": "/app/calls/1"}]}'));
    expect(byShape.blocks[0]?.kind).toBe('notification');
    const byType = parseDocPage(fence('json', '{"@odata.type": "#microsoft.graph.commsNotifications", "value": []}'));
    expect(byType.blocks[0]).toMatchObject({ kind: 'notification', odataType: 'microsoft.graph.commsNotifications' });
  });

  it('lists an endpoint block with several request lines as alternatives', () => {
    const page = parseDocPage(fence('http', 'POST /app/calls\nPOST /applications/{id}/calls'));
    expect(page.blocks[0]?.http).toMatchObject({
      method: 'POST',
      target: '/app/calls',
      alternatives: [{ target: '/applications/{id}/calls' }],
    });
    expect(page.blocks[0]?.json).toBeUndefined();
  });

  it('reports front matter that is not YAML and reads the page anyway', () => {
    const page = parseDocPage('---\ntitle: [unclosed\n---\n' + fence('json', '{}'));
    expect(page.diagnostics.map((d) => d.code)).toEqual(['malformed-front-matter']);
    expect(page.blocks[0]?.line).toBe(4);
  });

  it('reads a page of 20,000 fenced blocks, each with its annotation and its own diagnostics', () => {
    const example = ['## Heading', '<!-- { "blockType": "request" } -->', fence('http', 'POST /x\n\n{"a": [1, 2,]}'), ''].join('\n');
    const page = parseDocPage(example.repeat(20_000));
    expect(page.blocks).toHaveLength(20_000);
    expect(page.blocks.at(-1)?.annotation?.blockType).toBe('request');
    expect(page.blocks.at(-1)?.line).toBe(20_000 * 7 - 4);
    expect(page.blocks.at(-1)?.diagnostics.map((d) => d.code)).toEqual(['trailing-comma']);
  });

  it('survives a 10 MB page and 10 MB of binary junk', () => {
    // One request whose body is 10 MB of JSON with a trailing comma at its very end.
    const items = Array.from({ length: 1_100_000 }, (_, i) => `"v${i % 100_000}"`).join(', ');
    const big = ['<!-- { "blockType": "request" } -->', fence('http', `POST /x\n\n{"a": [${items},]}`), ''].join('\n');
    expect(big.length).toBeGreaterThan(10_000_000);
    const page = parseDocPage(big);
    expect(page.blocks).toHaveLength(1);
    expect(page.blocks[0]?.diagnostics.map((d) => d.code)).toEqual(['trailing-comma']);

    const junk = Buffer.alloc(10_000_000);
    for (let i = 0; i < junk.length; i += 1) junk[i] = (i * 2654435761) >>> 24;
    expect(() => parseDocPage(junk.toString('latin1'))).not.toThrow();
    expect(parseDocPage(junk.toString('utf8')).blocks).toEqual(expect.any(Array));
  });
});
