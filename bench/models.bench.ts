import { CallRequest, CommsNotifications, decode } from '@graph-calling/models';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { participant as participantArbitrary, surprising } from '@graph-calling/test-support/modelArbitraries';
import { compare, type Comparison } from './measure';
import { median, round1, round3 } from './stats';

/**
 * Decoding benchmarks. Payloads are generated here, not taken from the seed pages: a roster
 * shaped like Graph's (set A, written for this file) and rosters sampled from the models'
 * property-test arbitraries with a fixed seed (set B: values and surprises nobody picked by hand).
 */

const CALL_ID = '2f1a1100-b174-40a0-aba7-0b405e01ed92';

/** A call-state notification of about 400 bytes, as Graph sends on every state change. */
export function stateNotification(state = 'established'): unknown {
  return {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'updated',
        resourceUrl: `/communications/calls/${CALL_ID}`,
        resourceData: {
          '@odata.type': '#microsoft.graph.call',
          state,
          mediaState: { audio: 'active' },
          chatInfo: { threadId: '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2', messageId: '0' },
          id: CALL_ID,
        },
      },
    ],
  };
}

type Participant = {
  [key: string]: unknown;
  info: { [key: string]: unknown; identity: { [key: string]: unknown; user: Record<string, unknown> } };
  mediaStreams: Array<Record<string, unknown>>;
};

/** One roster participant with three media streams. */
function participant(i: number): Participant {
  const stream = (mediaType: string, sourceId: string) => ({
    '@odata.type': '#microsoft.graph.mediaStream',
    mediaType,
    sourceId,
    direction: 'sendReceive',
    serverMuted: false,
  });
  return {
    '@odata.type': '#microsoft.graph.participant',
    info: {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: { '@odata.type': '#microsoft.graph.identity', displayName: `Participant ${i}`, id: '112f7296-5fa4-42ca-bae8-6a692b15d4b8' },
      },
      languageId: 'en-US',
      region: 'amer',
    },
    mediaStreams: [stream('audio', `${i * 3}`), stream('video', `${i * 3 + 1}`), stream('videoBasedScreenSharing', `${i * 3 + 2}`)],
    isMuted: i % 2 === 0,
    isInLobby: false,
    id: `0d7664b6-6432-43ed-8d27-${String(i).padStart(12, '0')}`,
  };
}

/** A roster notification carrying `participants`. */
function roster(participants: readonly unknown[]): unknown {
  return {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'updated',
        resourceUrl: `/communications/calls/${CALL_ID}/participants`,
        resourceData: participants,
      },
    ],
  };
}

/** Set A: a 500-participant roster, with `change` applied to each participant. */
export function rosterA(n: number, change: (p: Participant, i: number) => void = () => undefined): unknown {
  return roster(
    Array.from({ length: n }, (_, i) => {
      const p = participant(i);
      change(p, i);
      return p;
    }),
  );
}

/** Set B: `n` participants sampled from the property-test arbitrary, optionally with surprises in their strings. */
export function rosterB(n: number, seed: number, surprises: boolean): unknown {
  const arbitrary = surprises ? surprising(participantArbitrary) : participantArbitrary;
  return roster(fc.sample(arbitrary, { numRuns: n, seed }));
}

/** Times JSON.parse of the bytes (baseline) against JSON.parse + decode (subject). */
function decodeBench(codec: typeof CommsNotifications, payload: unknown, target: number, expectWarnings: 'none' | 'some'): Comparison {
  const bytes = JSON.stringify(payload);
  const probe = decode(codec, JSON.parse(bytes));
  if (!probe.ok) throw new Error(`benchmark payload does not decode: ${probe.errors[0]?.message}`);
  if (probe.warningCount > 0 !== (expectWarnings === 'some')) throw new Error(`benchmark payload has ${probe.warningCount} warnings`);
  return compare(
    { baseline: 'JSON.parse', subject: `JSON.parse + decode (${bytes.length} bytes, ${probe.warningCount} warnings)` },
    () => JSON.parse(bytes),
    () => {
      const result = decode(codec, JSON.parse(bytes));
      return result.ok ? result.value : undefined;
    },
    { target },
  );
}

/**
 * Refusing a huge invalid body: JSON.parse of the body (baseline, as ever) against decoding the
 * parsed value, with the decode's own time and heap growth reported as absolute figures.
 */
function floodBench(name: string, codec: typeof CommsNotifications | typeof CallRequest, make: () => unknown): Comparison {
  const value = make();
  const bytes = JSON.stringify(value);
  const parseMs: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const start = performance.now();
    JSON.parse(bytes);
    parseMs.push(performance.now() - start);
  }
  const decodeMs: number[] = [];
  let growth = 0;
  for (let i = 0; i < 5; i += 1) {
    const heap = process.memoryUsage().heapUsed;
    const start = performance.now();
    const result = decode(codec, value);
    decodeMs.push(performance.now() - start);
    growth = Math.max(growth, process.memoryUsage().heapUsed - heap);
    if (result.ok || result.errors.length !== 20) throw new Error(`${name}: expected a refusal with 20 errors`);
  }
  const base = median(parseMs);
  const subject = median(decodeMs);
  return {
    ratio: round3(base / subject),
    baseline: { name: `JSON.parse of the ${(bytes.length / 1e6).toFixed(1)} MB body`, opsPerSecond: Math.round(1000 / base) },
    subject: { name: `decode, refusing it`, opsPerSecond: Math.round(1000 / subject) },
    samples: decodeMs.length,
    absolute: { ms: round1(subject), mb: round1(growth / 2 ** 20), msTarget: 200, mbTarget: 100 },
  };
}

export function run(): Record<string, Comparison> {
  const unknownDirection = (p: Participant) => {
    (p.mediaStreams[0] as Record<string, unknown>)['direction'] = 'sendOnlyLater';
  };
  return {
    // Set A.
    'models.decode.state-notification': decodeBench(CommsNotifications, stateNotification(), 0.8, 'none'),
    'models.decode.roster-500': decodeBench(CommsNotifications, rosterA(500), 0.92, 'none'),
    'models.decode.roster-500-unknown-property': decodeBench(
      CommsNotifications,
      rosterA(500, (p, i) => (i === 250 ? (p['futureProperty'] = { a: 1 }) : undefined)),
      0.85,
      'none',
    ),
    'models.decode.roster-500-one-warning': decodeBench(
      CommsNotifications,
      rosterA(500, (p, i) => (i === 250 ? unknownDirection(p) : undefined)),
      0.88,
      'some',
    ),
    'models.decode.roster-500-bad-guid': decodeBench(
      CommsNotifications,
      rosterA(500, (p, i) => (i === 250 ? (p.info.identity.user['id'] = 'not-a-guid') : undefined)),
      0.8,
      'some',
    ),
    'models.decode.roster-500-all-warn': decodeBench(CommsNotifications, rosterA(500, unknownDirection), 0.8, 'some'),
    'models.decode.state-notification-new-state': decodeBench(CommsNotifications, stateNotification('parked'), 0.8, 'some'),
    // Set A, other positions: a new modality, an endpoint type, an unexpected @odata.type on every participant.
    'models.decode.roster-500-all-warn-mediatype': decodeBench(
      CommsNotifications,
      rosterA(500, (p) => ((p.mediaStreams[2] as Record<string, unknown>)['mediaType'] = 'hologram')),
      0.8,
      'some',
    ),
    'models.decode.roster-500-all-warn-odata-type': decodeBench(
      CommsNotifications,
      rosterA(500, (p) => (p.info.identity.user['@odata.type'] = '#microsoft.graph.futureIdentity')),
      0.8,
      'some',
    ),
    // Set B: sampled by fast-check from the models' arbitraries.
    'models.decode.roster-500-sampled': decodeBench(CommsNotifications, rosterB(500, 16, false), 0.85, 'none'),
    'models.decode.roster-500-sampled-surprises': decodeBench(CommsNotifications, rosterB(500, 16, true), 0.8, 'some'),
    // Refusals.
    'models.decode.invalid-flood-1M': floodBench('roster', CommsNotifications, () =>
      roster(Array.from({ length: 1_000_000 }, (_, i) => ({ id: `p${i}`, isMuted: 'yes' }))),
    ),
    'models.decode.invalid-flood-targets-1M': floodBench('targets', CallRequest, () => ({
      callbackUri: 'https://bot.example/callback',
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
      targets: Array.from({ length: 1_000_000 }, () => ({ identity: { user: { id: 42 } } })),
    })),
    'models.decode.invalid-flood-notifications-200k': floodBench('notifications', CommsNotifications, () => ({
      value: Array.from({ length: 200_000 }, () => ({ changeType: 7, resourceUrl: '/x' })),
    })),
  };
}
