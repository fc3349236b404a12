import { parseDocPage, type DocBlock } from '@graph-calling/doc-examples';
import { Call, CallRequest, CommsNotifications, decode } from '@graph-calling/models';
import { seedPages } from '@graph-calling/test-support/seeds';

/**
 * Every request, response and notification body of the five seed pages, with every documented
 * defect found in it: what doc-examples tolerated reading the JSON (code and page position or
 * path) and what the models warn about (code and JSON path). Reviewed by hand against the pages.
 * Split request/status lines are page layout, not payload defects, and are left out here.
 */
const EXPECTED: Record<string, string[]> = {
  'create-call.beta.2019-07-31.zh-CN.md:67': [
    'placeholder source.languageId',
    'placeholder source.region',
    'placeholder tenantId',
    'invalid-guid tenantId',
  ],
  'create-call.beta.2019-07-31.zh-CN.md:126': [
    'placeholder source.languageId',
    'placeholder source.region',
    'placeholder tenantId',
    'invalid-guid tenantId',
  ],
  'create-call.beta.2019-07-31.zh-CN.md:184': [],
  'create-call.beta.2019-07-31.zh-CN.md:212': [],
  'create-call.beta.2019-07-31.zh-CN.md:245': [
    'placeholder mediaConfig.blob',
    'placeholder source.languageId',
    'placeholder source.region',
    'placeholder tenantId',
    'invalid-guid tenantId',
  ],
  'create-call.beta.2019-07-31.zh-CN.md:295': [],
  'create-call.beta.2019-07-31.zh-CN.md:361': [],
  'create-call.beta.2019-07-31.zh-CN.md:417': [],
  'create-call.beta.2019-07-31.zh-CN.md:473': [],
  'create-call.beta.2019-09-11.ru-RU.md:66': ['trailing-comma 91:63', 'unexpected-odata-type targets[0]["@odata.type"]'],
  'create-call.beta.2019-09-11.ru-RU.md:119': [
    'trailing-comma 138:53',
    'trailing-comma 174:6',
    'unexpected-odata-type targets[0]["@odata.type"]',
  ],
  'create-call.beta.2019-09-11.ru-RU.md:206': [],
  'create-call.beta.2019-09-11.ru-RU.md:236': [],
  'create-call.beta.2019-09-11.ru-RU.md:274': [
    'placeholder mediaConfig.blob',
    'trailing-comma 296:44',
    'unexpected-odata-type targets[0]["@odata.type"]',
  ],
  'create-call.beta.2019-09-11.ru-RU.md:328': ['trailing-comma 346:6'],
  'create-call.beta.2019-09-11.ru-RU.md:381': ['trailing-comma 395:53', 'trailing-comma 417:6'],
  'create-call.beta.2019-09-11.ru-RU.md:466': [],
  'create-call.beta.2019-09-11.ru-RU.md:515': [],
  'create-call.beta.2019-09-11.ru-RU.md:564': [],
  'create-call.beta.2019-09-11.ru-RU.md:661': ['placeholder mediaConfig.blob', 'trailing-comma 671:44', 'read-only-in-request direction'],
  'create-call.beta.2019-09-11.ru-RU.md:715': ['trailing-comma 733:6'],
  'create-call.beta.2019-09-11.ru-RU.md:774': ['trailing-comma 803:6'],
  'create-call.beta.2019-09-11.ru-RU.md:840': [],
  'create-call.beta.2019-11-05.pt-BR.md:66': ['trailing-comma 91:63', 'unexpected-odata-type targets[0]["@odata.type"]'],
  'create-call.beta.2019-11-05.pt-BR.md:119': [
    'trailing-comma 138:53',
    'trailing-comma 174:6',
    'unexpected-odata-type targets[0]["@odata.type"]',
  ],
  'create-call.beta.2019-11-05.pt-BR.md:206': [],
  'create-call.beta.2019-11-05.pt-BR.md:236': [],
  'create-call.beta.2019-11-05.pt-BR.md:274': [
    'placeholder mediaConfig.blob',
    'trailing-comma 296:44',
    'unexpected-odata-type targets[0]["@odata.type"]',
  ],
  'create-call.beta.2019-11-05.pt-BR.md:328': ['trailing-comma 346:6'],
  'create-call.beta.2019-11-05.pt-BR.md:381': ['trailing-comma 395:53', 'trailing-comma 417:6'],
  'create-call.beta.2019-11-05.pt-BR.md:466': [],
  'create-call.beta.2019-11-05.pt-BR.md:515': [],
  'create-call.beta.2019-11-05.pt-BR.md:564': [],
  'create-call.beta.2019-11-05.pt-BR.md:661': ['placeholder mediaConfig.blob', 'trailing-comma 671:44', 'read-only-in-request direction'],
  'create-call.beta.2019-11-05.pt-BR.md:715': ['trailing-comma 733:6'],
  'create-call.beta.2019-11-05.pt-BR.md:774': ['trailing-comma 803:6'],
  'create-call.beta.2019-11-05.pt-BR.md:840': [],
  'create-call.beta.2021-05-26.zh-CN.md:71': [],
  'create-call.beta.2021-05-26.zh-CN.md:127': ['trailing-comma 186:6'],
  'create-call.beta.2021-05-26.zh-CN.md:218': [],
  'create-call.beta.2021-05-26.zh-CN.md:247': [],
  'create-call.beta.2021-05-26.zh-CN.md:282': ['placeholder mediaConfig.blob'],
  'create-call.beta.2021-05-26.zh-CN.md:360': ['placeholder mediaConfig.blob', 'trailing-comma 404:44'],
  'create-call.beta.2021-05-26.zh-CN.md:439': ['unexpected-odata-type targets[1]["@odata.type"]', 'read-only-in-request direction'],
  'create-call.beta.2021-05-26.zh-CN.md:505': [
    'placeholder mediaConfig.blob',
    'unexpected-odata-type targets[1]["@odata.type"]',
    'read-only-in-request direction',
  ],
  'create-call.beta.2021-05-26.zh-CN.md:574': [
    'trailing-comma 595:6',
    'duplicate-key meetingInfo.organizer.user.tenantId',
    'invalid-guid meetingInfo.organizer.user.tenantId',
    'invalid-guid tenantId',
  ],
  'create-call.beta.2021-05-26.zh-CN.md:640': ['trailing-comma 681:6'],
  'create-call.beta.2021-05-26.zh-CN.md:730': [],
  'create-call.beta.2021-05-26.zh-CN.md:778': [],
  'create-call.beta.2021-05-26.zh-CN.md:826': [],
  'create-call.beta.2021-05-26.zh-CN.md:919': ['placeholder mediaConfig.blob', 'trailing-comma 932:44', 'read-only-in-request direction'],
  'create-call.beta.2021-05-26.zh-CN.md:971': ['trailing-comma 992:6'],
  'create-call.beta.2021-05-26.zh-CN.md:1028': ['trailing-comma 1060:6'],
  'create-call.beta.2021-05-26.zh-CN.md:1096': [],
  'create-call.beta.2021-05-26.zh-CN.md:1156': ['trailing-comma 1171:8'],
  'create-call.beta.2021-05-26.zh-CN.md:1219': ['trailing-comma 1239:8', 'trailing-comma 1277:6'],
  'create-call.beta.2021-05-26.zh-CN.md:1315': ['trailing-comma 1330:8', 'placeholder mediaConfig.blob'],
  'create-call.beta.2021-05-26.zh-CN.md:1379': ['trailing-comma 1399:8', 'placeholder mediaConfig.blob', 'trailing-comma 1428:44'],
  'create-call.v1.0.2021-02-10.zh-CN.md:69': [],
  'create-call.v1.0.2021-02-10.zh-CN.md:125': ['trailing-comma 163:29', 'trailing-comma 180:6'],
  'create-call.v1.0.2021-02-10.zh-CN.md:208': [],
  'create-call.v1.0.2021-02-10.zh-CN.md:237': [],
  'create-call.v1.0.2021-02-10.zh-CN.md:271': ['placeholder mediaConfig.blob'],
  'create-call.v1.0.2021-02-10.zh-CN.md:342': ['placeholder mediaConfig.blob', 'trailing-comma 384:44'],
  'create-call.v1.0.2021-02-10.zh-CN.md:414': ['read-only-in-request direction'],
  'create-call.v1.0.2021-02-10.zh-CN.md:481': ['read-only-in-request direction'],
  'create-call.v1.0.2021-02-10.zh-CN.md:549': [
    'trailing-comma 570:6',
    'invalid-guid meetingInfo.organizer.user.tenantId',
    'invalid-guid tenantId',
  ],
  'create-call.v1.0.2021-02-10.zh-CN.md:600': ['trailing-comma 639:6'],
  'create-call.v1.0.2021-02-10.zh-CN.md:683': [],
  'create-call.v1.0.2021-02-10.zh-CN.md:730': [],
  'create-call.v1.0.2021-02-10.zh-CN.md:777': [],
  'create-call.v1.0.2021-02-10.zh-CN.md:870': ['read-only-in-request direction'],
  'create-call.v1.0.2021-02-10.zh-CN.md:939': ['trailing-comma 954:8'],
  'create-call.v1.0.2021-02-10.zh-CN.md:991': ['trailing-comma 1011:8', 'trailing-comma 1049:6'],
  'create-call.v1.0.2021-02-10.zh-CN.md:1084': ['trailing-comma 1099:8', 'placeholder mediaConfig.blob'],
  'create-call.v1.0.2021-02-10.zh-CN.md:1137': ['trailing-comma 1157:8', 'placeholder mediaConfig.blob', 'trailing-comma 1186:44'],
};

const codecFor = (block: DocBlock) => (block.kind === 'request' ? CallRequest : block.kind === 'response' ? Call : CommsNotifications);

const payloads = seedPages().flatMap((page) =>
  parseDocPage(page.text, { source: page.file })
    .blocks.filter((b) => b.json !== undefined && (b.kind === 'request' || b.kind === 'response' || b.kind === 'notification'))
    .map((block) => ({ file: page.file, block })),
);

describe('conformance: every documented payload decodes', () => {
  it('finds the 76 documented payloads, and the table names each one', () => {
    expect(payloads).toHaveLength(76);
    expect(payloads.map((p) => `${p.file}:${p.block.line}`)).toEqual(Object.keys(EXPECTED));
  });

  it.each(
    payloads.map(
      (p) => [`${p.file}:${p.block.line} ${p.block.kind} ${p.block.annotation?.name ?? p.block.heading?.english ?? ''}`, p] as const,
    ),
  )('%s', (_name, { file, block }) => {
    const result = decode(codecFor(block), block.json?.value);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    const found = [
      ...block.diagnostics.filter((d) => d.code !== 'split-http-message').map((d) => `${d.code} ${d.path ?? `${d.line}:${d.column}`}`),
      ...result.warnings.map((w) => `${w.code} ${w.path}`),
    ];
    expect(found).toEqual(EXPECTED[`${file}:${block.line}`]);
    if (result.ok) expect(result.value).toBe(block.json?.value);
  });
});
