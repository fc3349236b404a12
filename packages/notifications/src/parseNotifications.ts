import { isRecord } from '@graph-calling/models';
import { CommsNotification, CommsNotifications, decode, type Call, type DecodeIssue, type Participant } from '@graph-calling/models';
import { NotificationBodyError } from './NotificationBodyError';
import { tolerateNullParticipantIds } from './nullParticipantIds';
import { operationResource, type OperationResource } from './operationResource';
import { parseResourceUrl, type ResourcePath } from './resourceUrl';
import type { ChangeType, OpenUnion } from '@graph-calling/models';

/** What changed, read from a notification's resource path and data. */
export type ChangedResource =
  | { readonly kind: 'call'; readonly call: Call }
  | { readonly kind: 'participants'; readonly participants: readonly Participant[] }
  | { readonly kind: 'participant'; readonly participantId: string; readonly participant?: Participant }
  | OperationResource
  | { readonly kind: 'unknown'; readonly data: unknown };

/** One notification, decoded and classified. */
export interface ParsedNotification {
  readonly changeType: OpenUnion<ChangeType>;
  /** `resourceUrl`, or the 2019 `resource`. */
  readonly resourceUrl: string;
  readonly callId?: string;
  readonly etag?: string;
  /** The number inside a weak etag (`W/"5445"` → 5445), used to order updates. */
  readonly version?: number;
  readonly resource: ChangedResource;
  /** The notification as it arrived (unknown properties included). */
  readonly raw: CommsNotification;
}

/** Options of {@link parseNotifications}. */
export interface ParseOptions {
  /** Refuse bodies with more participants than this in total (default 5000). */
  readonly maxParticipants?: number;
  /** Refuse bodies with more notifications than this (default 100; Graph batches a handful). */
  readonly maxNotifications?: number;
}

/** Default of {@link ParseOptions.maxNotifications}. */
export const DEFAULT_MAX_NOTIFICATIONS = 100;
/** Default of {@link ParseOptions.maxParticipants}. */
export const DEFAULT_MAX_PARTICIPANTS = 5000;
/** Decode issues kept on a refusal: enough to explain it, bounded whatever the body holds. */
const KEPT_ISSUES = 20;

/** Decoded notifications and the warnings met on the way (unknown enum values, …). */
export interface ParsedBody {
  readonly notifications: readonly ParsedNotification[];
  readonly warnings: readonly DecodeIssue[];
}

const TOP_TYPES: ReadonlySet<unknown> = new Set(['#microsoft.graph.commsNotifications', '#microsoft.graph.commsNotification']);

/**
 * Decodes a callback body — `commsNotifications`, or a bare `commsNotification` — with the
 * models and classifies each notification by its resource path. Throws a
 * {@link NotificationBodyError} (status 400/413) with the decode issues when the body is not one.
 */
export function parseNotifications(body: unknown, options: ParseOptions = {}): ParsedBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new NotificationBodyError(
      'not-notifications',
      'expected a commsNotifications object, found ' + (Array.isArray(body) ? 'an array' : typeof body),
    );
  }
  const tolerated = tolerateNullParticipantIds(body);
  const record = tolerated.body as Record<string, unknown>;
  const declared = record['@odata.type'];
  if (declared !== undefined && !TOP_TYPES.has(declared)) {
    throw new NotificationBodyError(
      'not-notifications',
      `expected @odata.type #microsoft.graph.commsNotifications, found ${JSON.stringify(declared)}`,
    );
  }
  const bare = !('value' in record) && ('changeType' in record || 'resourceUrl' in record || 'resource' in record);
  // Counted before decoding: decoding a flood of tiny invalid items costs seconds and gigabytes.
  checkCounts(bare ? [record] : record['value'], options);
  const result = bare ? decode(CommsNotification, record) : decode(CommsNotifications, record);
  if (!result.ok) {
    throw new NotificationBodyError(
      'invalid-notification',
      `invalid notification body: ${result.errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('; ')}`,
      result.errors.slice(0, KEPT_ISSUES),
    );
  }
  const list: CommsNotification[] = bare ? [result.value] : [...(result.value as CommsNotifications).value];
  const warnings = tolerated.warnings.length === 0 ? result.warnings : [...tolerated.warnings, ...result.warnings];
  const notifications: ParsedNotification[] = [];
  for (let i = 0; i < list.length; i += 1) notifications.push(classifyAt(list[i] as CommsNotification, bare ? -1 : i));
  return { notifications, warnings };
}

function checkCounts(items: unknown, options: ParseOptions): void {
  if (!Array.isArray(items)) return;
  const maxNotifications = options.maxNotifications ?? DEFAULT_MAX_NOTIFICATIONS;
  if (items.length > maxNotifications)
    throw new NotificationBodyError(
      'too-many-notifications',
      `expected at most ${maxNotifications} notifications in one callback, found ${items.length}`,
    );
  const maxParticipants = options.maxParticipants ?? DEFAULT_MAX_PARTICIPANTS;
  let participants = 0;
  for (const item of items) {
    const data = isRecord(item) ? item['resourceData'] : undefined;
    if (Array.isArray(data)) participants += data.length;
  }
  if (participants > maxParticipants)
    throw new NotificationBodyError(
      'too-many-participants',
      `expected at most ${maxParticipants} participants in one callback, found ${participants}`,
    );
}

/** Classifies the notification at `index` of the body's `value` (-1: the body is a bare notification). */
function classifyAt(raw: CommsNotification, index: number): ParsedNotification {
  try {
    return classify(raw);
  } catch (error) {
    if (error instanceof NotificationBodyError)
      throw new NotificationBodyError(error.code, `${index < 0 ? '$' : `value[${index}]`}.resourceUrl: ${error.message}`, [], {
        cause: error,
      });
    throw error;
  }
}

function classify(raw: CommsNotification): ParsedNotification {
  const resourceUrl = raw.resourceUrl ?? raw.resource ?? '';
  const path = parseResourceUrl(resourceUrl);
  const resource = resourceOf(path, raw.resourceData);
  const etag = raw['@odata.etag'];
  // Built in one shape, without spreads: this runs for every notification of every callback.
  const notification: { -readonly [K in keyof ParsedNotification]: ParsedNotification[K] } = {
    changeType: raw.changeType ?? 'updated',
    resourceUrl,
    resource,
    raw,
  };
  if (path.kind !== 'unknown') notification.callId = path.callId;
  if (etag !== undefined) {
    notification.etag = etag;
    const version = /(\d+)/.exec(etag)?.[1];
    if (version !== undefined) notification.version = Number(version);
  }
  return notification;
}

function resourceOf(path: ResourcePath, data: unknown): ChangedResource {
  switch (path.kind) {
    case 'call':
      return { kind: 'call', call: isRecord(data) ? data : {} };
    case 'participants':
      return { kind: 'participants', participants: (Array.isArray(data) ? data : isRecord(data) ? [data] : []) as Participant[] };
    case 'participant': {
      const participant = (Array.isArray(data) ? data[0] : data) as Participant | undefined;
      return isRecord(participant)
        ? { kind: 'participant', participantId: path.participantId, participant }
        : { kind: 'participant', participantId: path.participantId };
    }
    case 'operation':
      return operationResource(path, data);
    default:
      return { kind: 'unknown', data };
  }
}
