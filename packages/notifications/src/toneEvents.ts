import type { Call } from '@graph-calling/models';
import type { CallRecord } from './CallRecord';
import type { CallbackEvent } from './events';
import { REMEMBERED } from './operationEvents';

/**
 * A `tone.received` event for a call update that carries a key press (`toneInfo`), once per
 * sequence id: a repeated notification does not report the key twice, and a late one is still
 * reported (each key press matters to an IVR, whatever order it arrives in).
 */
export function toneEvents(record: CallRecord, incoming: Call): { record: CallRecord; events: CallbackEvent[] } {
  const toneInfo = incoming.toneInfo;
  if (toneInfo === null || toneInfo === undefined || toneInfo.tone === undefined) return { record, events: [] };
  const sequenceId = typeof toneInfo.sequenceId === 'number' ? toneInfo.sequenceId : undefined;
  if (sequenceId !== undefined && record.tonesSeen?.includes(sequenceId)) return { record, events: [] };
  const event: CallbackEvent = {
    type: 'tone.received',
    callId: record.callId,
    tone: toneInfo.tone,
    sequenceId: sequenceId ?? -1,
    toneInfo,
  };
  const tonesSeen = sequenceId !== undefined ? [...(record.tonesSeen ?? []), sequenceId].slice(-REMEMBERED) : record.tonesSeen;
  return { record: tonesSeen === undefined ? record : { ...record, tonesSeen }, events: [event] };
}
