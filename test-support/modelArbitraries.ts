import fc from 'fast-check';
import { CallDirection, CallState, ChangeType, EndpointType, MediaDirection, Modality } from '@graph-calling/models';

const odata = (name: string) => fc.constant(`#microsoft.graph.${name}`);
const text = fc.string({ maxLength: 12 });

export const identity = fc.record(
  { '@odata.type': odata('identity'), id: fc.uuid(), displayName: fc.option(text, { nil: null }) },
  { requiredKeys: ['id'] },
);
export const identitySet = fc.record({ user: identity, application: identity, applicationInstance: identity }, { requiredKeys: [] });
export const participantInfo = fc.record(
  {
    '@odata.type': odata('participantInfo'),
    identity: identitySet,
    languageId: fc.constantFrom('en-US', 'de-DE'),
    endpointType: fc.constantFrom(...EndpointType.values),
  },
  { requiredKeys: [] },
);
export const invitation = fc.record(
  { '@odata.type': odata('invitationParticipantInfo'), identity: identitySet, replacesCallId: text },
  { requiredKeys: ['identity'] },
);
export const mediaConfig = fc.oneof(
  fc.record(
    {
      '@odata.type': odata('serviceHostedMediaConfig'),
      preFetchMedia: fc.array(fc.record({ uri: fc.webUrl(), resourceId: fc.uuid() }), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
  fc.record({ '@odata.type': odata('appHostedMediaConfig'), blob: text }, { requiredKeys: ['@odata.type', 'blob'] }),
);
export const mediaStream = fc.record(
  {
    '@odata.type': odata('mediaStream'),
    mediaType: fc.constantFrom(...Modality.values),
    direction: fc.constantFrom(...MediaDirection.values),
    sourceId: text,
    serverMuted: fc.boolean(),
  },
  { requiredKeys: [] },
);
export const participant = fc.record(
  {
    '@odata.type': odata('participant'),
    id: fc.uuid(),
    info: participantInfo,
    isMuted: fc.boolean(),
    isInLobby: fc.boolean(),
    mediaStreams: fc.array(mediaStream, { maxLength: 3 }),
    extraFromTheFuture: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: ['@odata.type'] },
);
export const call = fc.record(
  {
    '@odata.type': odata('call'),
    id: fc.uuid(),
    state: fc.constantFrom(...CallState.values),
    direction: fc.constantFrom(...CallDirection.values),
    callbackUri: fc.webUrl(),
    requestedModalities: fc.array(fc.constantFrom(...Modality.values), { maxLength: 3 }),
    mediaConfig,
    source: participantInfo,
    targets: fc.array(invitation, { maxLength: 3 }),
    chatInfo: fc.record({ threadId: text, messageId: fc.constant('0') }),
    meetingInfo: fc.record({ '@odata.type': odata('organizerMeetingInfo'), organizer: identitySet }),
    tenantId: fc.uuid(),
    resultInfo: fc.record({ code: fc.integer(), subcode: fc.integer(), message: text }),
    myParticipantId: fc.option(fc.uuid(), { nil: null }),
  },
  { requiredKeys: ['@odata.type'] },
);
export const notifications = fc.record({
  '@odata.type': odata('commsNotifications'),
  value: fc.array(
    fc.record(
      {
        '@odata.type': odata('commsNotification'),
        changeType: fc.constantFrom(...ChangeType.values),
        resourceUrl: text,
        resourceData: fc.oneof(call, fc.array(participant, { maxLength: 4 })),
      },
      { requiredKeys: ['changeType', 'resourceUrl'] },
    ),
    { minLength: 1, maxLength: 3 },
  ),
});

/** A valid value with one place replaced by arbitrary JSON: mostly invalid, sometimes still valid. */
export function mutated<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.jsonValue({ maxDepth: 2 }), fc.nat()).map(([value, replacement, pick]) => {
    const copy = JSON.parse(JSON.stringify(value)) as unknown;
    const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) {
        node.forEach((child, i) => {
          slots.push([node, i]);
          walk(child);
        });
      } else if (node !== null && typeof node === 'object') {
        for (const [k, child] of Object.entries(node)) {
          slots.push([node as Record<string, unknown>, k]);
          walk(child);
        }
      }
    };
    walk(copy);
    if (slots.length === 0) return replacement;
    const [parent, key] = slots[pick % slots.length]!;
    (parent as Record<string | number, unknown>)[key] = replacement;
    return copy;
  });
}

/**
 * A valid value with a few strings replaced by ones Graph might send tomorrow: an enum member,
 * an `@odata.type` or a GUID we do not know. Still valid, usually with warnings.
 */
export function surprising<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  const replacement = fc.oneof(
    fc.constantFrom('parked', 'unknownFutureValue2', '#microsoft.graph.futureType', '#microsoft.graph.identity', 'not-a-guid', ''),
    fc.string({ maxLength: 8 }),
  );
  return fc.tuple(valid, fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 4 })).map(([value, picks]) => {
    const copy = JSON.parse(JSON.stringify(value)) as unknown;
    const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach((child, i) => (typeof child === 'string' ? slots.push([node, i]) : walk(child)));
      else if (node !== null && typeof node === 'object') {
        for (const [k, child] of Object.entries(node)) {
          if (typeof child === 'string') slots.push([node as Record<string, unknown>, k]);
          else walk(child);
        }
      }
    };
    walk(copy);
    for (const [pick, text] of picks) {
      if (slots.length === 0) break;
      const [parent, key] = slots[pick % slots.length]!;
      (parent as Record<string | number, unknown>)[key] = text;
    }
    return copy;
  });
}
