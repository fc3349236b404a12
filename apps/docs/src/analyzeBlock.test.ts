import { parseDocPage } from '@graph-calling/doc-examples';
import { analyzeBlock } from './analyzeBlock';

const block = (markdown: string) => parseDocPage(markdown).blocks[0]!;
const findings = (markdown: string, version: 'beta' | 'v1.0') =>
  analyzeBlock(block(markdown), { version }).diagnostics.map((d) => `${d.severity} ${d.code}${d.path ? ` ${d.path}` : ''}`);

describe('analyzeBlock in docs mode', () => {
  it('reports defects of a v1.0 notification at their JSON paths, and accepts a roster participant with "id": null with a warning', () => {
    const body = {
      value: [
        {
          changeType: 'updated',
          resourceUrl: '/communications/calls/421f1100-3f1b-4c2e-9a2c-8a6f1c7e5a41/participants',
          resourceData: [
            {
              '@odata.type': '#microsoft.graph.participant',
              id: null,
              info: { identity: { user: { id: '8d1e6ab6-26c5-4e22-a1bc-06ea7343958e', displayName: 'string' } } },
            },
          ],
        },
        {
          changeType: 'deleted',
          resourceUrl: '/communications/calls/421f1100-3f1b-4c2e-9a2c-8a6f1c7e5a41/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5',
          resourceData: { '@odata.type': '#microsoft.graph.playPromptOperation', status: 'Running', resultInfo: { code: 200, subCode: 5 } },
        },
      ],
    };
    const markdown = `<!-- { "blockType": "example", "@odata.type": "microsoft.graph.commsNotifications" } -->\n\`\`\`json\n${JSON.stringify(body, null, 2)}\n\`\`\`\n`;
    const analysis = analyzeBlock(block(markdown), { version: 'v1.0' });
    expect(analysis.status).toBe('valid-with-warnings');
    expect(analysis.diagnostics.map((d) => `${d.code} ${d.path ?? ''}`)).toEqual([
      'unexpected-null value[0].resourceData[0].id',
      'placeholder-value value[0].resourceData[0].info.identity.user.displayName',
      'enum-case-mismatch value[1].resourceData.status',
      'misspelt-property value[1].resourceData.resultInfo.subCode',
    ]);
    expect(analysis.events).toEqual(['participant.joined', 'roster.updated', 'operation.updated', 'operation.completed']);
  });

  it('warns of an annotation whose @odata.type is a bare name', () => {
    const markdown = `<!-- { "blockType": "response", "@odata.type": "call" } -->\n\`\`\`json\n{ "state": "established" }\n\`\`\`\n`;
    expect(findings(markdown, 'v1.0')).toEqual(['warning annotation-odata-type', 'info not-validated']);
  });

  it('never rates a fragment no codec checked valid', () => {
    const markdown = '```json\n{ "mpUri": "net.tcp://bot.contoso.com:18732/MediaProcessor" }\n```\n';
    expect(analyzeBlock(block(markdown), { version: 'beta' }).status).toBe('not-validated');
  });
});
