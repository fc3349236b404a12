import { CommsNotifications, decode } from '@graph-calling/models';
import { compare, type Comparison } from './measure';

/** A call-state notification of about 400 bytes, as Graph sends on every state change. */
export function stateNotificationBytes(): string {
  return JSON.stringify({
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'updated',
        resourceUrl: '/communications/calls/2f1a1100-b174-40a0-aba7-0b405e01ed92',
        resourceData: {
          '@odata.type': '#microsoft.graph.call',
          state: 'established',
          mediaState: { audio: 'active' },
          chatInfo: { threadId: '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2', messageId: '0' },
          id: '2f1a1100-b174-40a0-aba7-0b405e01ed92',
        },
      },
    ],
  });
}

/** A roster notification with `n` participants, each with three media streams. */
export function rosterNotificationBytes(n: number): string {
  const stream = (mediaType: string, sourceId: string) => ({
    '@odata.type': '#microsoft.graph.mediaStream',
    mediaType,
    sourceId,
    direction: 'sendReceive',
    serverMuted: false,
  });
  return JSON.stringify({
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'updated',
        resourceUrl: '/communications/calls/2f1a1100-b174-40a0-aba7-0b405e01ed92/participants',
        resourceData: Array.from({ length: n }, (_, i) => ({
          '@odata.type': '#microsoft.graph.participant',
          info: {
            '@odata.type': '#microsoft.graph.participantInfo',
            identity: {
              '@odata.type': '#microsoft.graph.identitySet',
              user: {
                '@odata.type': '#microsoft.graph.identity',
                displayName: `Participant ${i}`,
                id: '112f7296-5fa4-42ca-bae8-6a692b15d4b8',
              },
            },
            languageId: 'en-US',
            region: 'amer',
          },
          mediaStreams: [stream('audio', `${i * 3}`), stream('video', `${i * 3 + 1}`), stream('videoBasedScreenSharing', `${i * 3 + 2}`)],
          isMuted: i % 2 === 0,
          isInLobby: false,
          id: `0d7664b6-6432-43ed-8d27-${String(i).padStart(12, '0')}`,
        })),
      },
    ],
  });
}

function decodeBench(name: string, bytes: string, target: number): Comparison {
  if (!decode(CommsNotifications, JSON.parse(bytes)).ok) throw new Error(`${name}: benchmark payload does not decode`);
  return compare(
    { baseline: 'JSON.parse', subject: 'JSON.parse + decode(CommsNotifications)' },
    () => JSON.parse(bytes),
    () => {
      const result = decode(CommsNotifications, JSON.parse(bytes));
      return result.ok ? result.value : undefined;
    },
    { target },
  );
}

export function run(): Record<string, Comparison> {
  const state = stateNotificationBytes();
  const roster = rosterNotificationBytes(500);
  return {
    'models.decode.state-notification': decodeBench(`state (${state.length} bytes)`, state, 0.8),
    'models.decode.roster-500': decodeBench(`roster (${roster.length} bytes)`, roster, 0.85),
  };
}
