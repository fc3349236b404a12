import { isRecord } from '@graph-calling/models';
import type { DocBlock } from '@graph-calling/doc-examples';
import {
  AudioRoutingGroup,
  AudioRoutingGroupCollection,
  Call,
  ContentSharingSession,
  ContentSharingSessionCollection,
  OPERATION_CODECS,
  ParticipantMixerLevel,
  TeleconferenceDeviceQuality,
  CommsNotification,
  CommsNotifications,
  CommsOperation,
  matchCallAction,
  MediaPrompt,
  OPERATION_TYPE_NAMES,
  Participant,
  ParticipantCollection,
  ToneInfo,
  IncomingContext,
  type CallAction,
} from '@graph-calling/models';

/** A models codec (the type of the actions table's codecs; the docs app does not import io-ts itself). */
type Codec = NonNullable<CallAction['request']>;

/** An HTTP request line: `POST https://graph.microsoft.com/v1.0/communications/calls/{id}/answer`. */
export interface RequestLine {
  readonly method: string;
  readonly target: string;
}

/** Which codec reads a block's body, and why none does when none does. */
export interface CodecChoice {
  readonly codec?: Codec;
  /** The calls API action the block's request line names. */
  readonly action?: CallAction;
  /** Set when the body is JSON but no codec describes it: shown as an `info` diagnostic. */
  readonly reason?: string;
}

/** Resources by `@odata.type` (as doc-examples gives it: `microsoft.graph.call`). */
const BY_TYPE = new Map<string, Codec>([
  ['microsoft.graph.call', Call],
  ['microsoft.graph.participant', Participant],
  ['microsoft.graph.commsNotifications', CommsNotifications],
  ['microsoft.graph.commsNotification', CommsNotification],
  ['microsoft.graph.mediaPrompt', MediaPrompt],
  ['microsoft.graph.toneInfo', ToneInfo],
  ['microsoft.graph.incomingContext', IncomingContext],
  ['microsoft.graph.audioRoutingGroup', AudioRoutingGroup],
  ['microsoft.graph.contentSharingSession', ContentSharingSession],
  ['microsoft.graph.teleconferenceDeviceQuality', TeleconferenceDeviceQuality],
  ['microsoft.graph.participantMixerLevel', ParticipantMixerLevel],
  ...OPERATION_TYPE_NAMES.map((name) => [`microsoft.graph.${name}`, CommsOperation] as const),
  // A named subtype is decoded as that subtype, not told apart by shape (muteParticipantsOperation lists ids too).
  ...Object.entries(OPERATION_CODECS).map(([name, codec]) => [`microsoft.graph.${name}`, codec] as const),
]);

/** Collection answers (`{ "value": [ … ] }`) by the item type their annotation names. */
const COLLECTIONS = new Map<string, Codec>([
  ['microsoft.graph.participant', ParticipantCollection],
  ['microsoft.graph.audioRoutingGroup', AudioRoutingGroupCollection],
  ['microsoft.graph.contentSharingSession', ContentSharingSessionCollection],
]);

function byType(odataType: string | undefined, value: unknown): Codec | undefined {
  if (odataType === undefined) return undefined;
  const type = odataType.replace(/^#/, '');
  // A collection answer (`{ "value": [ … ] }`) annotated with its item type.
  const collection = COLLECTIONS.get(type);
  if (collection !== undefined && isRecord(value) && Array.isArray(value['value'])) return collection;
  return BY_TYPE.get(type);
}

function pathOf(target: string): string {
  return target.replace(/^https?:\/\/[^/]+/i, '').replace(/[?#].*$/, '');
}

/**
 * Picks the codec for a block's body: a request by its request line (method + path → one of the
 * models' CALL_ACTIONS), a response by its `@odata.type` or else by the request it answers, a
 * notification body by its shape (a batch, or one `commsNotification`), any other JSON by its
 * `@odata.type`. A request or response no codec describes gets a reason instead.
 */
export function chooseCodec(block: DocBlock, value: unknown, request?: RequestLine): CodecChoice {
  switch (block.kind) {
    case 'request': {
      const line = block.http?.kind === 'request' ? block.http : undefined;
      if (line === undefined) {
        const codec = byType(block.odataType, value);
        return codec !== undefined ? { codec } : { reason: 'no request line or @odata.type says what this body is' };
      }
      const matched = matchCallAction(line.method, line.target);
      if (matched === undefined)
        return {
          reason: `${line.method} ${pathOf(line.target)} is not a calls API operation the models describe, so its body is not validated`,
        };
      if (matched.action.request === undefined)
        return { action: matched.action, reason: `${matched.action.name} (${line.method} ${pathOf(line.target)}) takes no request body` };
      return { codec: matched.action.request, action: matched.action };
    }
    case 'response': {
      const codec = byType(block.odataType, value);
      if (codec !== undefined) return { codec };
      const matched = request !== undefined ? matchCallAction(request.method, request.target) : undefined;
      if (matched?.action.response !== undefined) return { codec: matched.action.response, action: matched.action };
      return {
        ...(matched ? { action: matched.action } : {}),
        reason: block.odataType
          ? `no codec for ${block.odataType}, so this answer is not validated`
          : 'neither an @odata.type nor the request it answers says what this answer is',
      };
    }
    case 'notification': {
      if (isRecord(value) && Array.isArray(value['value'])) return { codec: CommsNotifications };
      if (isRecord(value) && ('changeType' in value || 'resourceUrl' in value || 'resource' in value)) return { codec: CommsNotification };
      const codec = byType(block.odataType, value);
      return codec !== undefined
        ? { codec }
        : { reason: 'this notification body is neither a commsNotifications batch nor one commsNotification' };
    }
    case 'json': {
      // A fragment (a property, an enum value) is shown, not validated, unless its type is named and known.
      const codec = byType(block.odataType, value);
      return codec !== undefined ? { codec } : {};
    }
    default:
      return {};
  }
}
