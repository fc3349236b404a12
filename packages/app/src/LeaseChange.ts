import type { LeaseHistory } from '@graph-calling/notifications';

/**
 * Why this instance took a call over: its former owner stopped heartbeating (`owner-dead`), gave
 * the lease up on shutdown (`owner-departed`), is alive but did not renew in time (`lease-expired`:
 * paused, partitioned, or this instance's own lease ran out before), or the lease service keeps no
 * history (`unknown`).
 */
export type TakeoverReason = 'owner-dead' | 'owner-departed' | 'lease-expired' | 'unknown';

/** A change of a call's owner as this instance saw it: it took the call over, or lost it. */
export type LeaseChange =
  | {
      readonly type: 'takeover';
      readonly callId: string;
      /** The former owner, when the lease service remembers it. */
      readonly from?: string;
      /** This instance. */
      readonly to: string;
      readonly reason: TakeoverReason;
      /** ms since the epoch. */
      readonly at: number;
    }
  | {
      readonly type: 'lost';
      readonly callId: string;
      /** This instance. */
      readonly from: string;
      /** The instance holding the lease now, when the lease service could say. */
      readonly to?: string;
      readonly at: number;
    };

/** A take-over, as the ownership's duties (`own`) and the app's lease listeners receive it. */
export type Takeover = Extract<LeaseChange, { readonly type: 'takeover' }>;

/**
 * Why a call was adopted, from its lease history (read after this instance took the lease, so
 * `previous` is the former owner) and the instances alive at the sweep.
 */
export function takeoverReason(history: LeaseHistory | undefined, self: string, alive: readonly string[]): TakeoverReason {
  const former = history?.previous;
  if (former === undefined || history?.current !== self) return 'unknown';
  if (history?.previousReleased === true) return 'owner-departed';
  if (former === self || alive.includes(former)) return 'lease-expired';
  return 'owner-dead';
}
