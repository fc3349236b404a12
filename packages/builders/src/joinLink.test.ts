import { JoinLinkError, joinFromLink, parseJoinLink, serviceHosted } from './index';

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OID = '4b1b4b4a-3f5a-4a5a-9c1a-1b2c3d4e5f60';
const THREAD = '19:meeting_NTg0NmQ3NTctZDVkZC00YzRhLThmNmEtOGQ3M2E0ODdmZDZk@thread.v2';
const context = (extra = '') => encodeURIComponent(`{"Tid":"${TID}","Oid":"${OID}"${extra}}`);
const encodedThread = encodeURIComponent(THREAD);

describe('parseJoinLink', () => {
  const scheduled = { kind: 'meetup-join', threadId: THREAD, messageId: '0', tenantId: TID, organizerId: OID, channel: false };
  it.each([
    ['classic, fully encoded', `https://teams.microsoft.com/l/meetup-join/${encodedThread}/0?context=${context()}`, scheduled],
    [
      'classic, lower-case %3a/%40 as Teams writes them',
      `https://teams.microsoft.com/l/meetup-join/${encodedThread.replace('%3A', '%3a').replace('%40', '%40')}/0?context=${context()}`,
      scheduled,
    ],
    [
      'classic, not encoded at all',
      `https://teams.microsoft.com/l/meetup-join/${THREAD}/0?context={"Tid":"${TID}","Oid":"${OID}"}`,
      scheduled,
    ],
    [
      'classic, encoded twice',
      `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(encodedThread)}/0?context=${encodeURIComponent(context())}`,
      scheduled,
    ],
    [
      'classic, without @thread.v2',
      `https://teams.microsoft.com/l/meetup-join/19%3ameeting_NTg0NmQ3NTctZDVkZC00YzRhLThmNmEtOGQ3M2E0ODdmZDZk/0?context=${context()}`,
      { ...scheduled, normalized: ['added the missing @thread.v2 suffix to the thread id'] },
    ],
    [
      'classic, with a trailing slash and extra parameters',
      `https://teams.microsoft.com/l/meetup-join/${encodedThread}/0/?context=${context()}&anon=true&deeplinkId=abc`,
      scheduled,
    ],
    [
      'classic, lower-case context keys',
      `https://teams.microsoft.com/l/meetup-join/${encodedThread}/0?context=${encodeURIComponent(`{"tid":"${TID}","oid":"${OID}"}`)}`,
      scheduled,
    ],
    [
      'channel meeting (@thread.skype, message id)',
      `https://teams.microsoft.com/l/meetup-join/19%3acbee7c1c860e465f8258e3cebf7bee0d%40thread.skype/1533758867081?context=${context(',"MessageId":"1533758860000"')}`,
      {
        threadId: '19:cbee7c1c860e465f8258e3cebf7bee0d@thread.skype',
        messageId: '1533758867081',
        replyChainMessageId: '1533758860000',
        channel: true,
      },
    ],
    [
      'channel meeting (@thread.tacv2)',
      `https://teams.microsoft.com/l/meetup-join/19%3aabc123%40thread.tacv2/1600000000000?context=${context()}`,
      { threadId: '19:abc123@thread.tacv2', channel: true },
    ],
    ['GCC High host', `https://gov.teams.microsoft.us/l/meetup-join/${encodedThread}/0?context=${context()}`, scheduled],
    ['teams.cloud.microsoft host', `https://teams.cloud.microsoft/l/meetup-join/${encodedThread}/0?context=${context()}`, scheduled],
    [
      'wrapped in Safe Links',
      `https://nam06.safelinks.protection.outlook.com/?url=${encodeURIComponent(`https://teams.microsoft.com/l/meetup-join/${encodedThread}/0?context=${context()}`)}&data=x`,
      { ...scheduled, normalized: ['unwrapped a Safe Links URL'] },
    ],
    ['surrounding whitespace', `  https://teams.microsoft.com/l/meetup-join/${encodedThread}/0?context=${context()}\n`, scheduled],
    [
      'short /meet link with passcode',
      'https://teams.microsoft.com/meet/2345678901234?p=AbCdEf12',
      { kind: 'meet', meetingId: '2345678901234', passcode: 'AbCdEf12' },
    ],
    ['short /meet link without passcode', 'https://teams.microsoft.com/meet/2345678901234', { kind: 'meet', meetingId: '2345678901234' }],
    [
      'short /meet link on teams.live.com',
      'https://teams.live.com/meet/9876543210?p=xyz',
      { kind: 'meet', meetingId: '9876543210', passcode: 'xyz' },
    ],
    [
      'short /meet link with an encoded spaced id',
      'https://teams.microsoft.com/meet/234%20567%20890%20123?p=Q1',
      { kind: 'meet', meetingId: '234567890123', passcode: 'Q1' },
    ],
  ])('reads %s', (_name, link, expected) => {
    expect(parseJoinLink(link)).toMatchObject(expected);
  });

  it.each([
    ['not a URL', 'teams meeting tomorrow', 'not-a-url', 'recognised: nothing'],
    ['empty', '', 'not-a-url', 'recognised: nothing'],
    ['another host', 'https://zoom.us/j/123456789', 'not-a-teams-link', 'recognised: host=zoom.us'],
    [
      'a look-alike host',
      'https://teams.microsoft.com.evil.example/l/meetup-join/x/0',
      'not-a-teams-link',
      'host=teams.microsoft.com.evil.example',
    ],
    [
      'an unknown Teams path',
      'https://teams.microsoft.com/l/channel/19%3aabc%40thread.tacv2/General',
      'unknown-path',
      'not recognised: /l/channel/',
    ],
    [
      'a thread that is not one',
      'https://teams.microsoft.com/l/meetup-join/hello/0',
      'invalid-thread',
      'recognised: host=teams.microsoft.com, path=/l/meetup-join',
    ],
    ['no message id', `https://teams.microsoft.com/l/meetup-join/${encodedThread}`, 'missing-message', `threadId=${THREAD}`],
    ['a broken context', `https://teams.microsoft.com/l/meetup-join/${encodedThread}/0?context=%7bTid`, 'invalid-context', 'messageId=0'],
    ['a /meet id that is not numeric', 'https://teams.microsoft.com/meet/abc?p=1', 'invalid-meeting-id', 'path=/meet/<id>'],
    // A classic link must carry the organizer and tenant: without them no join can be built, so the
    // parser says so exactly as joinFromLink does, instead of returning ids that look complete.
    [
      'a classic link without context',
      `https://teams.microsoft.com/l/meetup-join/${encodedThread}/0`,
      'missing-coordinates',
      `threadId=${THREAD}, messageId=0; not recognised: context.Tid / context.Oid`,
    ],
    [
      'a classic link whose context lacks the organizer',
      `https://teams.microsoft.com/l/meetup-join/${encodedThread}/0?context=${encodeURIComponent(`{"Tid":"${TID}"}`)}`,
      'missing-coordinates',
      `messageId=0, tenantId=${TID}; not recognised: context.Oid`,
    ],
    [
      'a classic link whose context lacks the tenant',
      `https://teams.microsoft.com/l/meetup-join/${encodedThread}/0?context=${encodeURIComponent(`{"Oid":"${OID}"}`)}`,
      'missing-coordinates',
      `organizerId=${OID}; not recognised: context.Tid`,
    ],
  ])('refuses %s, saying what it recognised', (_name, link, code, says) => {
    try {
      parseJoinLink(link);
      throw new Error('expected a JoinLinkError');
    } catch (error) {
      expect(error).toBeInstanceOf(JoinLinkError);
      expect((error as JoinLinkError).code).toBe(code);
      expect((error as JoinLinkError).message).toContain(says);
    }
  });
});

describe('joinFromLink', () => {
  const common = { callbackUri: 'https://bot.contoso.com/callback', media: serviceHosted() };

  it('joins a classic link by chat thread and organizer, in the meeting tenant', () => {
    const request = joinFromLink(`https://teams.microsoft.com/l/meetup-join/${encodedThread}/0?context=${context()}`, common);
    expect(request).toMatchObject({
      chatInfo: { threadId: THREAD, messageId: '0' },
      meetingInfo: { '@odata.type': '#microsoft.graph.organizerMeetingInfo', organizer: { user: { id: OID, tenantId: TID } } },
      tenantId: TID,
    });
  });

  it('joins a short link by meeting id and passcode', () => {
    expect(joinFromLink('https://teams.microsoft.com/meet/2345678901234?p=AbCdEf12', common).meetingInfo).toEqual({
      '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo',
      joinMeetingId: '2345678901234',
      passcode: 'AbCdEf12',
    });
  });

  it('refuses a classic link without organizer and tenant, naming what it found, with the same error as parseJoinLink', () => {
    const link = `https://teams.microsoft.com/l/meetup-join/${encodedThread}/0`;
    expect(() => joinFromLink(link, common)).toThrow(
      /organizer \(Oid\) and tenant \(Tid\).*recognised: .*threadId=19:meeting_.*messageId=0.*not recognised: context.Tid \/ context.Oid/s,
    );
    const fromParser = (() => {
      try {
        parseJoinLink(link);
      } catch (error) {
        return error as JoinLinkError;
      }
      throw new Error('expected a JoinLinkError');
    })();
    expect(() => joinFromLink(link, common)).toThrow(fromParser.message);
    expect(fromParser).toMatchObject({ code: 'missing-coordinates', unrecognised: 'context.Tid / context.Oid' });
  });
});
