import { checkTemplate } from './checkTemplate';

const findings = (type: string, value: unknown, version: 'beta' | 'v1.0') =>
  checkTemplate(type, value, version).findings.map((f) => `${f.code} ${f.path}: ${f.message}`);

describe('checkTemplate', () => {
  it('accepts a template whose properties, types and alternatives are all real', () => {
    expect(
      findings(
        'microsoft.graph.audioRoutingGroup',
        { id: 'String (identifier)', receivers: ['String'], routingMode: 'oneToOne | multicast', sources: ['String'] },
        'beta',
      ),
    ).toEqual([]);
    expect(
      findings(
        'microsoft.graph.call',
        { mediaConfig: { '@odata.type': '#microsoft.graph.mediaConfig' }, direction: 'String', state: 'String' },
        'v1.0',
      ),
    ).toEqual([]);
  });

  it('names a property the version lacks, a misspelt one, a wrong type and an alternative that is no value', () => {
    expect(
      findings(
        'microsoft.graph.call',
        {
          answeredBy: { '@odata.type': '#microsoft.graph.participantInfo' },
          callbakUri: 'String',
          subject: 'Boolean',
          state: 'incoming | Established | flying',
          targets: { '@odata.type': '#microsoft.graph.invitationParticipantInfo' },
          source: { '@odata.type': '#microsoft.graph.chatInfo' },
        },
        'v1.0',
      ),
    ).toEqual([
      'template-not-in-version answeredBy: call.answeredBy is beta-only: Graph v1.0 has no such property',
      'template-unknown-property callbakUri: call has no property "callbakUri" in Graph v1.0; did you mean "callbackUri"?',
      'template-type-mismatch subject: call.subject (String): the template says Boolean',
      'template-enum-value state: call.state (callState): "Established" is not one of its values; did you mean "established"?',
      'template-enum-value state: call.state (callState): "flying" is not one of its values (incoming, establishing, ringing, established, hold, transferring, transferAccepted, redirecting, terminating, terminated)',
      'template-type-mismatch targets: call.targets (invitationParticipantInfo collection) is a collection; the template shows one value',
      'template-type-mismatch source: call.source (participantInfo): the template names chatInfo, which is not that type',
    ]);
  });

  it('says nothing of a type the table does not describe', () => {
    expect(checkTemplate('microsoft.graph.onlineMeeting', { subject: 'String' }, 'v1.0')).toEqual({ findings: [] });
  });
});
