import type { CallRecord } from '@graph-calling/notifications';
import { CallHandle, type CallContext } from './Call';
import type { CallData } from './CallData';

/** Most ended calls whose handles are kept (their waits may still be read). */
const ENDED_HANDLES = 1000;

/** The app's call handles, one per call id; the latest ended ones are kept so their waits can still be read. */
export class CallHandles<D> {
  private readonly handles = new Map<string, CallHandle<D>>();
  private readonly ended: string[] = [];

  constructor(
    private readonly context: CallContext,
    private readonly dataOf: (callId: string) => CallData<D>,
  ) {}

  /** The handle of `callId` if one was made. */
  get(callId: string): CallHandle<D> | undefined {
    return this.handles.get(callId);
  }

  /** The handle of `callId`, made on first use with the direction given, kept in `record`, or Graph's. */
  for(callId: string, record?: CallRecord, direction?: 'incoming' | 'outgoing'): CallHandle<D> {
    let handle = this.handles.get(callId);
    if (handle === undefined) {
      const known = direction ?? record?.app?.direction ?? directionOf(record?.call.direction);
      handle = new CallHandle<D>(callId, known ?? 'outgoing', this.context, this.dataOf);
      if (typeof record?.app?.scenarioId === 'string') handle.scenarioId = record.app.scenarioId;
      this.handles.set(callId, handle);
    } else if (direction !== undefined) handle.direction = direction;
    return handle;
  }

  /** The call ended: its handle is dropped once {@link ENDED_HANDLES} later calls have ended. */
  forgetLater(callId: string): void {
    this.ended.push(callId);
    while (this.ended.length > ENDED_HANDLES) {
      const old = this.ended.shift();
      if (old !== undefined) this.handles.delete(old);
    }
  }

  /** Closes every handle: their waits reject with `error`. */
  closeAll(error: Error): void {
    for (const handle of this.handles.values()) handle.close(error);
  }
}

function directionOf(direction: unknown): 'incoming' | 'outgoing' | undefined {
  return direction === 'incoming' || direction === 'outgoing' ? direction : undefined;
}
