import { parseDocPage } from '@graph-calling/doc-examples';
import { seedPages } from '@graph-calling/test-support/seeds';

/**
 * Every fenced block of the five seed pages: its opening line, kind, whether its JSON is
 * strict, tolerated (read despite defects) or absent, and every diagnostic as
 * `code line:column [path]`. Reviewed by hand against the pages: each trailing comma, the
 * duplicate `tenantId`, the escaped media blobs, the placeholders and the split
 * request/status lines are listed, and nothing else.
 */
type Row = [line: number, kind: string, json: 'strict' | 'tolerated' | null, diagnostics: string[]];
const EXPECTED: Record<string, Row[]> = {
  'create-call.beta.2019-07-31.zh-CN.md': [
    [34, 'request', null, []],
    [67, 'request', 'strict', ['placeholder 92:19 source.languageId', 'placeholder 93:15 source.region', 'placeholder 107:15 tenantId']],
    [
      126,
      'response',
      'strict',
      ['placeholder 153:19 source.languageId', 'placeholder 154:15 source.region', 'placeholder 168:15 tenantId'],
    ],
    [174, 'request', null, []],
    [184, 'notification', 'strict', ['split-http-message 184:1']],
    [202, 'request', null, []],
    [212, 'notification', 'strict', ['split-http-message 212:1']],
    [236, 'request', null, []],
    [
      245,
      'request',
      'strict',
      [
        'split-http-message 245:1',
        'placeholder 250:13 mediaConfig.blob',
        'placeholder 261:19 source.languageId',
        'placeholder 262:15 source.region',
        'placeholder 276:15 tenantId',
      ],
    ],
    [286, 'request', null, []],
    [295, 'request', 'strict', ['split-http-message 295:1']],
    [352, 'request', null, []],
    [361, 'request', 'strict', ['split-http-message 361:1']],
    [408, 'request', null, []],
    [417, 'request', 'strict', ['split-http-message 417:1']],
    [465, 'request', null, []],
    [473, 'request', 'strict', ['split-http-message 473:1']],
  ],
  'create-call.beta.2019-09-11.ru-RU.md': [
    [35, 'request', null, []],
    [66, 'request', 'tolerated', ['trailing-comma 91:63']],
    [119, 'response', 'tolerated', ['trailing-comma 138:53', 'trailing-comma 174:6']],
    [196, 'request', null, []],
    [206, 'notification', 'strict', ['split-http-message 206:1']],
    [226, 'request', null, []],
    [236, 'notification', 'strict', ['split-http-message 236:1']],
    [264, 'request', null, []],
    [274, 'request', 'tolerated', ['split-http-message 274:1', 'placeholder 296:13 mediaConfig.blob', 'trailing-comma 296:44']],
    [303, 'json', 'tolerated', ['escaped-json 304:1']],
    [318, 'request', null, []],
    [328, 'request', 'tolerated', ['split-http-message 328:1', 'trailing-comma 346:6']],
    [370, 'response', null, []],
    [381, 'response', 'tolerated', ['split-http-message 381:1', 'trailing-comma 395:53', 'trailing-comma 417:6']],
    [456, 'request', null, []],
    [466, 'notification', 'strict', ['split-http-message 466:1']],
    [505, 'request', null, []],
    [515, 'notification', 'strict', ['split-http-message 515:1']],
    [553, 'request', null, []],
    [564, 'notification', 'strict', ['split-http-message 564:1']],
    [652, 'request', null, []],
    [661, 'request', 'tolerated', ['split-http-message 661:1', 'placeholder 671:13 mediaConfig.blob', 'trailing-comma 671:44']],
    [705, 'request', null, []],
    [715, 'request', 'tolerated', ['split-http-message 715:1', 'trailing-comma 733:6']],
    [764, 'request', null, []],
    [774, 'request', 'tolerated', ['split-http-message 774:1', 'trailing-comma 803:6']],
    [829, 'request', null, []],
    [840, 'notification', 'strict', ['split-http-message 840:1']],
  ],
  'create-call.beta.2019-11-05.pt-BR.md': [
    [35, 'request', null, []],
    [66, 'request', 'tolerated', ['trailing-comma 91:63']],
    [119, 'response', 'tolerated', ['trailing-comma 138:53', 'trailing-comma 174:6']],
    [196, 'request', null, []],
    [206, 'notification', 'strict', ['split-http-message 206:1']],
    [226, 'request', null, []],
    [236, 'notification', 'strict', ['split-http-message 236:1']],
    [264, 'request', null, []],
    [274, 'request', 'tolerated', ['split-http-message 274:1', 'placeholder 296:13 mediaConfig.blob', 'trailing-comma 296:44']],
    [303, 'json', 'tolerated', ['escaped-json 304:1']],
    [318, 'request', null, []],
    [328, 'request', 'tolerated', ['split-http-message 328:1', 'trailing-comma 346:6']],
    [370, 'response', null, []],
    [381, 'response', 'tolerated', ['split-http-message 381:1', 'trailing-comma 395:53', 'trailing-comma 417:6']],
    [456, 'request', null, []],
    [466, 'notification', 'strict', ['split-http-message 466:1']],
    [505, 'request', null, []],
    [515, 'notification', 'strict', ['split-http-message 515:1']],
    [553, 'request', null, []],
    [564, 'notification', 'strict', ['split-http-message 564:1']],
    [652, 'request', null, []],
    [661, 'request', 'tolerated', ['split-http-message 661:1', 'placeholder 671:13 mediaConfig.blob', 'trailing-comma 671:44']],
    [705, 'request', null, []],
    [715, 'request', 'tolerated', ['split-http-message 715:1', 'trailing-comma 733:6']],
    [764, 'request', null, []],
    [774, 'request', 'tolerated', ['split-http-message 774:1', 'trailing-comma 803:6']],
    [829, 'request', null, []],
    [840, 'notification', 'strict', ['split-http-message 840:1']],
  ],
  'create-call.beta.2021-05-26.zh-CN.md': [
    [37, 'request', null, []],
    [71, 'request', 'strict', []],
    [127, 'response', 'tolerated', ['trailing-comma 186:6']],
    [209, 'request', null, []],
    [218, 'notification', 'strict', ['split-http-message 218:1']],
    [238, 'request', null, []],
    [247, 'notification', 'strict', ['split-http-message 247:1']],
    [282, 'request', 'strict', ['placeholder 320:13 mediaConfig.blob']],
    [345, 'json', 'tolerated', ['escaped-json 346:1']],
    [360, 'response', 'tolerated', ['placeholder 404:13 mediaConfig.blob', 'trailing-comma 404:44']],
    [431, 'request', null, []],
    [439, 'request', 'strict', ['split-http-message 439:1']],
    [497, 'request', null, []],
    [505, 'request', 'strict', ['split-http-message 505:1', 'placeholder 551:13 mediaConfig.blob']],
    [574, 'request', 'tolerated', ['trailing-comma 595:6', 'duplicate-key 611:9 meetingInfo.organizer.user.tenantId']],
    [640, 'response', 'tolerated', ['trailing-comma 681:6']],
    [721, 'request', null, []],
    [730, 'notification', 'strict', ['split-http-message 730:1']],
    [769, 'request', null, []],
    [778, 'notification', 'strict', ['split-http-message 778:1']],
    [816, 'request', null, []],
    [826, 'notification', 'strict', ['split-http-message 826:1']],
    [919, 'request', 'tolerated', ['placeholder 932:13 mediaConfig.blob', 'trailing-comma 932:44']],
    [971, 'request', 'tolerated', ['trailing-comma 992:6']],
    [1028, 'request', 'tolerated', ['trailing-comma 1060:6']],
    [1086, 'request', null, []],
    [1096, 'notification', 'strict', ['split-http-message 1096:1']],
    [1156, 'request', 'tolerated', ['trailing-comma 1171:8']],
    [1219, 'response', 'tolerated', ['trailing-comma 1239:8', 'trailing-comma 1277:6']],
    [1315, 'request', 'tolerated', ['trailing-comma 1330:8', 'placeholder 1354:13 mediaConfig.blob']],
    [1379, 'response', 'tolerated', ['trailing-comma 1399:8', 'placeholder 1428:13 mediaConfig.blob', 'trailing-comma 1428:44']],
  ],
  'create-call.v1.0.2021-02-10.zh-CN.md': [
    [37, 'request', null, []],
    [69, 'request', 'strict', []],
    [125, 'response', 'tolerated', ['trailing-comma 163:29', 'trailing-comma 180:6']],
    [199, 'request', null, []],
    [208, 'notification', 'strict', ['split-http-message 208:1']],
    [228, 'request', null, []],
    [237, 'notification', 'strict', ['split-http-message 237:1']],
    [271, 'request', 'strict', ['placeholder 309:13 mediaConfig.blob']],
    [342, 'response', 'tolerated', ['placeholder 384:13 mediaConfig.blob', 'trailing-comma 384:44']],
    [414, 'request', 'strict', []],
    [481, 'request', 'strict', []],
    [549, 'request', 'tolerated', ['trailing-comma 570:6']],
    [600, 'response', 'tolerated', ['trailing-comma 639:6']],
    [674, 'request', null, []],
    [683, 'notification', 'strict', ['split-http-message 683:1']],
    [721, 'request', null, []],
    [730, 'notification', 'strict', ['split-http-message 730:1']],
    [767, 'request', null, []],
    [777, 'notification', 'strict', ['split-http-message 777:1']],
    [870, 'request', 'strict', []],
    [912, 'other', null, []],
    [926, 'other', null, []],
    [939, 'request', 'tolerated', ['trailing-comma 954:8']],
    [991, 'response', 'tolerated', ['trailing-comma 1011:8', 'trailing-comma 1049:6']],
    [1084, 'request', 'tolerated', ['trailing-comma 1099:8', 'placeholder 1123:13 mediaConfig.blob']],
    [1137, 'response', 'tolerated', ['trailing-comma 1157:8', 'placeholder 1186:13 mediaConfig.blob', 'trailing-comma 1186:44']],
  ],
};

const pages = seedPages();

describe('seed pages', () => {
  it('are the five documented revisions', () => {
    expect(pages.map((p) => p.file)).toEqual(Object.keys(EXPECTED));
  });

  it('yield 130 fenced blocks, 79 of them carrying JSON (38 not strict JSON)', () => {
    const blocks = pages.flatMap((p) => parseDocPage(p.text).blocks);
    expect(blocks).toHaveLength(130);
    const json = blocks.filter((b) => b.json !== undefined);
    expect(json).toHaveLength(79);
    expect(json.every((b) => b.json?.value !== undefined)).toBe(true);
    expect(json.filter((b) => b.json?.strict === false)).toHaveLength(38);
    expect(json.filter((b) => b.json?.escaped)).toHaveLength(3);
  });

  describe.each(pages.map((p) => [p.file, p.text] as const))('%s', (file, text) => {
    const page = parseDocPage(text, { source: file });

    it('lists every block with its kind and exactly the expected diagnostics', () => {
      const rows: Row[] = page.blocks.map((b) => [
        b.line,
        b.kind,
        b.json === undefined ? null : b.json.strict ? 'strict' : 'tolerated',
        b.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}${d.path !== undefined ? ` ${d.path}` : ''}`),
      ]);
      expect(rows).toEqual(EXPECTED[file]);
    });

    it('reads the locale and front matter, and has no page-level problems', () => {
      expect(page.locale).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
      expect(page.frontMatter['title']).toEqual(expect.any(String));
      expect(page.diagnostics).toEqual([]);
    });

    it('parses JSON bodies equal to JSON.parse wherever the text is strict', () => {
      for (const block of page.blocks) {
        if (block.json?.strict) expect(block.json.value).toEqual(JSON.parse(block.json.text));
      }
    });

    it('points every diagnostic inside its block', () => {
      for (const block of page.blocks) {
        for (const d of block.diagnostics) {
          const from = block.annotation?.line ?? block.line;
          expect(d.line).toBeGreaterThanOrEqual(from);
          expect(d.line).toBeLessThanOrEqual(block.endLine);
        }
      }
    });
  });

  it('reads annotations, including "truncated" written as a string', () => {
    const page = parseDocPage(pages.find((p) => p.file.includes('2021-05-26'))?.text ?? '');
    const join = page.blocks.find((b) => b.annotation?.name === 'join-meeting-service-hosted-media');
    expect(join?.annotation).toMatchObject({ blockType: 'request', odataType: 'microsoft.graph.call', line: 569 });
    expect(join?.http).toMatchObject({ kind: 'request', method: 'POST', target: 'https://graph.microsoft.com/beta/communications/calls' });
    expect(join?.http?.headers).toEqual([{ name: 'Content-Type', value: 'application/json', line: 576 }]);
    const response = page.blocks[join!.index + 1];
    expect(response?.annotation).toMatchObject({ blockType: 'response', truncated: true, value: { truncated: 'true' } });
    expect(response?.http).toMatchObject({ kind: 'response', status: 201, reason: 'Created' });
  });

  it('keeps the later duplicate tenantId, as JSON.parse would', () => {
    const page = parseDocPage(pages.find((p) => p.file.includes('2021-05-26'))?.text ?? '');
    const join = page.blocks.find((b) => b.annotation?.name === 'join-meeting-service-hosted-media');
    const duplicate = join?.diagnostics.find((d) => d.code === 'duplicate-key');
    expect(duplicate?.message).toContain('"tenantId" again (first at line 609); the later value wins');
    expect(join?.json?.value).toMatchObject({
      meetingInfo: { organizer: { user: { tenantId: '86dc81db-c112-4228-9222-63f3esaa1edb' } } },
    });
  });

  it('links the 2019 response body to its status line in the block before', () => {
    const page = parseDocPage(pages.find((p) => p.file.includes('2019-09-11'))?.text ?? '');
    const body = page.blocks.find((b) => b.line === 381);
    expect(body?.httpBlock).toBe(12);
    expect(body?.http).toMatchObject({ kind: 'response', status: 201, line: 371 });
    expect(body?.http?.headers.map((h) => h.name)).toEqual(['Location', 'Content-Type']);
    expect(body?.kind).toBe('response');
  });

  it('unescapes the media session blob into the object it encodes', () => {
    const page = parseDocPage(pages.find((p) => p.file.includes('2019-11-05'))?.text ?? '');
    const blob = page.blocks.find((b) => b.json?.escaped);
    expect(blob?.json?.value).toMatchObject({
      mpUri: 'net.tcp://bot.contoso.com:18732/MediaProcessor',
      supportedAudioFormat: 'Pcm16K',
      dataRenderContexts: null,
    });
  });

  it('keeps the localized and English heading of each block', () => {
    const page = parseDocPage(pages.find((p) => p.file.includes('ru-RU'))?.text ?? '');
    const roster = page.blocks.find((b) => b.line === 564);
    expect(roster?.heading?.english).toBe('Notification - Roster');
    expect(roster?.heading?.local).not.toBe(roster?.heading?.english);
  });

  it('lists the [!INCLUDE] snippet references of a page', () => {
    const page = parseDocPage(pages.find((p) => p.file.includes('v1.0'))?.text ?? '');
    expect(page.includes.length).toBe(16);
    expect(page.includes[0]).toMatchObject({ label: expect.any(String), path: expect.stringMatching(/\.md$/) });
  });
});
