import type { CallLeases } from '@graph-calling/notifications';

/** Options of {@link LocalCallLeases}. */
export interface LocalCallLeasesOptions {
  readonly instanceId?: string;
  readonly leaseMs?: number;
}

/**
 * Leases for an app with a memory store: the only instance, so it holds every call it asks for.
 * Kept so that there is one ownership code path whatever the store. It keeps no index of unheld
 * calls (no `adoptable`): the sweep lists the memory store, whose records are all this instance's.
 */
export class LocalCallLeases implements CallLeases {
  readonly instanceId: string;
  readonly leaseMs: number;
  private readonly held = new Set<string>();

  constructor(options: LocalCallLeasesOptions = {}) {
    this.instanceId = options.instanceId ?? 'local';
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  // One process holds every lease: nothing to wait for, the promises are for the interface's sake.
  acquire(callId: string): Promise<boolean> {
    this.held.add(callId);
    return Promise.resolve(true);
  }

  renew(callId: string): Promise<boolean> {
    return Promise.resolve(this.held.has(callId));
  }

  renewMany(callIds: readonly string[]): Promise<readonly boolean[]> {
    return Promise.resolve(callIds.map((callId) => this.held.has(callId)));
  }

  release(callId: string): Promise<boolean> {
    return Promise.resolve(this.held.delete(callId));
  }

  heldBy(instanceId: string): Promise<readonly string[]> {
    return Promise.resolve(instanceId === this.instanceId ? [...this.held] : []);
  }

  heartbeat(): Promise<readonly string[]> {
    return Promise.resolve([]);
  }

  leave(): Promise<void> {
    this.held.clear();
    return Promise.resolve();
  }
}
