import { isOperationStatus } from '@graph-calling/models';
import type { CallRecord } from './CallRecord';
import type { CallbackEvent, OperationOutcome } from './events';
import type { OperationResource } from './operationResource';

/** How many finished operations a record remembers, to recognise repeats. */
export const REMEMBERED = 64;

/**
 * The events an operation notification causes: `operation.updated` always; once it has finished
 * (status completed or failed, or Graph deleting it) `operation.completed` or `operation.failed`
 * with the typed result, plus `participant.invited` for invitations. A repeat of a finished
 * operation's notification changes nothing and emits nothing.
 */
export function operationEvents(
  record: CallRecord,
  changeType: string,
  resourceUrl: string,
  resource: OperationResource,
): { record: CallRecord; events: CallbackEvent[] } {
  const { operation, operationType, operationId } = resource;
  const callId = record.callId;
  const failed =
    isOperationStatus(operation.status, 'failed') || (typeof operation.resultInfo?.code === 'number' && operation.resultInfo.code >= 400);
  const finished = failed || isOperationStatus(operation.status, 'completed') || changeType === 'deleted';
  const key = `${operationType}:${operationId ?? operation.clientContext ?? resourceUrl}`;
  if (finished && record.operationsDone?.includes(key)) return { record, events: [] };
  const events: CallbackEvent[] = [{ type: 'operation.updated', callId, operationId, operationType, operation }];
  if (!finished) return { record, events };
  const resultInfo = operation.resultInfo ?? undefined;
  const clientContext = operation.clientContext ?? undefined;
  const location = operation.recordingLocation;
  const outcome: OperationOutcome = {
    operationId,
    operationType,
    operation,
    resultInfo,
    clientContext,
    completionReason: operation.completionReason ?? undefined,
    recording: typeof location === 'string' ? { location, accessToken: operation.recordingAccessToken ?? undefined } : undefined,
  };
  events.push(failed ? { type: 'operation.failed', callId, ...outcome } : { type: 'operation.completed', callId, ...outcome });
  if (operationType === 'inviteParticipantsOperation') {
    events.push({
      type: 'participant.invited',
      callId,
      operationId,
      succeeded: !failed,
      // An invitation lists whom it invited; only muteParticipantsOperation lists bare ids.
      participants: (operation.participants ?? []).filter((p): p is Exclude<typeof p, string> => typeof p !== 'string'),
      resultInfo,
      clientContext,
    });
  }
  return { record: { ...record, operationsDone: [...(record.operationsDone ?? []), key].slice(-REMEMBERED) }, events };
}
