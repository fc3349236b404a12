import { createReconciler, emptyRecord, MemoryCallStore, summaryOf, type CallLeases, type CallStore } from '@graph-calling/notifications';
import { CallOwnership, type OwnedCallDuties } from './CallOwnership';
import { LocalCallLeases } from './LocalCallLeases';

function setup() {
  let now = 0;
  const store = new MemoryCallStore();
  const log: string[] = [];
  const duties: OwnedCallDuties = {
    own: (record, adopted) => void log.push(`own ${record.callId} ${record.state ?? '-'}${adopted ? ' adopted' : ''}`),
    disown: (callId, reason) => void log.push(`disown ${callId} ${reason}`),
  };
  const ownership = new CallOwnership({
    store,
    leases: new LocalCallLeases(),
    duties,
    unknownAfterMs: 1000,
    adoptAfterMs: 0,
    now: () => now,
  });
  const put = (callId: string, state: string) =>
    store.update(callId, (before) => ({ record: { ...(before ?? emptyRecord(callId, 0)), state }, result: undefined }));
  return { store, log, ownership, put, advance: (ms: number) => (now += ms) };
}

describe('CallOwnership with the memory store', () => {
  it('owns the calls it placed and adopts the live ones it finds (a restart re-reading its store)', async () => {
    const { log, ownership, put } = setup();
    put('placed', 'establishing');
    put('found', 'established');
    put('over', 'terminated');
    expect(await ownership.claim('placed')).toBe(true);
    await ownership.sweep();
    expect(log).toEqual(['own placed establishing', 'own found established adopted']);
    log.length = 0;
    await ownership.sweep();
    expect(log).toEqual(['own placed establishing', 'own found established']);
  });

  it('lets go of ended calls and of claimed calls that never got a record', async () => {
    const { log, ownership, put, advance } = setup();
    put('c1', 'established');
    await ownership.claim('c1');
    await ownership.claim('ghost');
    put('c1', 'terminated');
    await ownership.sweep();
    expect(log).toEqual(['disown c1 ended']);
    advance(999);
    await ownership.sweep();
    expect(ownership.owns('ghost')).toBe(true);
    advance(1);
    await ownership.sweep();
    expect(log).toEqual(['disown c1 ended', 'disown ghost unknown']);
    expect(ownership.ownedCount).toBe(0);
  });

  it('never adopts again a call it released', async () => {
    const { log, ownership, put } = setup();
    put('c1', 'established');
    await ownership.sweep();
    await ownership.release('c1');
    await ownership.sweep();
    expect(log).toEqual(['own c1 established adopted', 'disown c1 released']);
    expect(ownership.ownedCount).toBe(0);
  });

  it('hangs up on stop when it is the only instance, unless told to hand over', async () => {
    const first = setup();
    first.put('c1', 'established');
    await first.ownership.sweep();
    const hungUp: string[] = [];
    expect(await first.ownership.close({ hangUp: (id) => (hungUp.push(id), Promise.resolve()) })).toEqual({
      mode: 'hangup',
      hungUp: ['c1'],
      handedOver: [],
      leftUp: [],
      unproven: [],
      notHeld: [],
      others: [],
    });
    expect(hungUp).toEqual(['c1']);
    expect(await first.ownership.claim('c2')).toBe(false);

    const second = setup();
    second.put('c1', 'established');
    await second.ownership.sweep();
    const report = await second.ownership.close({ onShutdown: 'handover', hangUp: () => (hungUp.push('never'), Promise.resolve()) });
    expect(report).toMatchObject({ mode: 'handover', handedOver: ['c1'], hungUp: [] });
    expect(second.log).toContain('disown c1 handover');
    expect(hungUp).toEqual(['c1']);
  });

  it('names a failed hang-up as left up and still releases the call', async () => {
    const errors: unknown[] = [];
    const store = new MemoryCallStore();
    store.update('c1', () => ({ record: { ...emptyRecord('c1', 0), state: 'established' }, result: undefined }));
    const leases = new LocalCallLeases();
    const ownership = new CallOwnership({
      store,
      leases,
      duties: { own: () => undefined, disown: () => undefined },
      adoptAfterMs: 0,
      onError: (e) => void errors.push(e),
    });
    await ownership.sweep();
    const failure = new Error('graph is down');
    const report = await ownership.close({ hangUp: async () => Promise.reject(failure) });
    // Named as left up (the rejection was the hang-up function's own to report), not passed to onError.
    expect(report).toMatchObject({ mode: 'hangup', hungUp: [], leftUp: ['c1'] });
    expect(errors).toEqual([]);
    expect(await leases.renew('c1')).toBe(false);
  });
});

describe('recovery of orphaned outbox entries', () => {
  function recovering(fail?: Error, options: { readonly adoptable?: boolean } = {}) {
    const store = new MemoryCallStore();
    // With `adoptable`, sweeps after the first read summaries of the calls held (as with Redis leases).
    const local = new LocalCallLeases();
    const leases: CallLeases =
      options.adoptable === true
        ? {
            instanceId: local.instanceId,
            leaseMs: local.leaseMs,
            acquire: (callId) => local.acquire(callId),
            renew: (callId) => local.renew(callId),
            release: (callId) => local.release(callId),
            heartbeat: () => local.heartbeat(),
            leave: () => local.leave(),
            adoptable: () => Promise.resolve([]),
          }
        : local;
    // The calls whose summary counts unclaimed outbox entries, as a store with an outbox reports them.
    const unclaimed = new Set<string>();
    const summarising: CallStore = {
      get: (callId) => store.get(callId),
      update: (callId, change) => store.update(callId, change),
      delete: (callId) => store.delete(callId),
      list: () => store.list(),
      summaries: (callIds) =>
        Promise.resolve(
          callIds.map((callId) => {
            const record = store.get(callId);
            return record === undefined ? undefined : { ...summaryOf(record), ...(unclaimed.has(callId) ? { unclaimedOutboxes: 1 } : {}) };
          }),
        ),
    };
    const asked: Array<{ readonly callIds: readonly string[]; readonly olderThanMs: number }> = [];
    const errors: unknown[] = [];
    const ownership = new CallOwnership({
      store: summarising,
      leases,
      duties: { own: () => undefined, disown: () => undefined },
      adoptAfterMs: 0,
      orphanedOutboxAfterMs: 4500,
      now: () => 0,
      onError: (error) => void errors.push(error),
      recoverOutboxes: (callIds, olderThanMs) => {
        asked.push({ callIds: [...callIds].sort(), olderThanMs });
        return fail === undefined ? Promise.resolve(0) : Promise.reject(fail);
      },
    });
    const put = (callId: string, state: string) =>
      store.update(callId, (before) => ({ record: { ...(before ?? emptyRecord(callId, 0)), state }, result: undefined }));
    return { ownership, asked, errors, put, unclaimed };
  }

  it('asks on every sweep for the calls it owns and those it takes over, and for a call it lets go because it ended', async () => {
    const { ownership, asked, put, unclaimed } = recovering();
    put('placed', 'establishing');
    put('orphan', 'established');
    put('ended', 'terminated');
    for (const callId of ['placed', 'orphan', 'ended']) unclaimed.add(callId);
    await ownership.claim('placed');
    // First sweep: the claimed call, and the live call it adopts (a dead owner's), with the threshold.
    await ownership.sweep();
    expect(asked).toEqual([{ callIds: ['orphan', 'placed'], olderThanMs: 4500 }]);
    // The call ends (its terminated notification may be what waits in the outbox): asked once more as it is let go.
    put('placed', 'terminated');
    await ownership.sweep();
    expect(ownership.owns('placed')).toBe(false);
    expect(asked[1]).toEqual({ callIds: ['orphan', 'placed'], olderThanMs: 4500 });
    await ownership.sweep();
    expect(asked[2]).toEqual({ callIds: ['orphan'], olderThanMs: 4500 });
  });

  it('asks only about the calls whose summary counts unclaimed entries, once sweeps read summaries', async () => {
    const { ownership, asked, put, unclaimed } = recovering(undefined, { adoptable: true });
    put('quiet', 'established');
    put('pending', 'established');
    await ownership.claim('quiet');
    await ownership.claim('pending');
    // The first sweep lists whole records (they carry no count): both are asked about.
    await ownership.sweep();
    expect(asked).toEqual([{ callIds: ['pending', 'quiet'], olderThanMs: 4500 }]);
    // Later sweeps read summaries: none counts an entry, so the store is asked nothing more.
    await ownership.sweep();
    expect(asked).toHaveLength(1);
    unclaimed.add('pending');
    await ownership.sweep();
    expect(asked[1]).toEqual({ callIds: ['pending'], olderThanMs: 4500 });
  });

  it('reports a recovery that fails, and asks again on the next sweep', async () => {
    const { ownership, asked, errors, put, unclaimed } = recovering(new Error('store down'));
    put('c1', 'established');
    unclaimed.add('c1');
    await ownership.sweep();
    await ownership.sweep();
    expect(asked.map((a) => a.callIds)).toEqual([['c1'], ['c1']]);
    expect(errors).toEqual([new Error('store down'), new Error('store down')]);
  });
});

describe('reconciliation by the owner only', () => {
  it('scans and reconciles only the calls this instance owns', async () => {
    const store = new MemoryCallStore();
    for (const callId of ['mine', 'theirs'])
      store.update(callId, () => ({ record: { ...emptyRecord(callId, 0), state: 'established', updatedAt: 0 }, result: undefined }));
    const ownership = new CallOwnership({
      store,
      leases: new LocalCallLeases(),
      duties: { own: () => undefined, disown: () => undefined },
      adoptAfterMs: 0,
    });
    await ownership.claim('mine');
    const asked: string[] = [];
    const reconciler = createReconciler({
      store,
      // Graph as the reconciler sees it: both calls still up, nobody in them.
      client: {
        calls: {
          get: (id) => (asked.push(id), Promise.resolve({ id, state: 'established' })),
          participants: { list: () => Promise.resolve([]) },
        },
      },
      emit: () => undefined,
      scanEveryMs: 0,
      silenceMs: 1000,
      now: () => 10_000,
      owns: (callId) => ownership.owns(callId),
    });
    await reconciler.scan();
    reconciler.request('theirs', 'gap');
    await reconciler.idle();
    expect(asked).toEqual(['mine']);
    // Asked explicitly, any instance reconciles any call.
    await reconciler.reconcile('theirs');
    expect(asked).toEqual(['mine', 'theirs']);
    await reconciler.close();
  });
});

/** Leases whose renewals can be made to fail or hang, as with a partitioned lease service. */
class FlakyLeases implements CallLeases {
  readonly instanceId = 'flaky';
  readonly leaseMs = 1000;
  inner = new LocalCallLeases({ leaseMs: 1000 });
  down = false;
  held = true;
  acquire(callId: string) {
    return this.down ? Promise.reject(new Error('lease service unreachable')) : this.inner.acquire(callId);
  }
  renew(callId: string) {
    if (this.down) return Promise.reject(new Error('lease service unreachable'));
    return this.held ? this.inner.renew(callId) : Promise.resolve(false);
  }
  release(callId: string) {
    return this.down ? Promise.reject(new Error('lease service unreachable')) : this.inner.release(callId);
  }
  heartbeat() {
    return this.down ? Promise.reject(new Error('lease service unreachable')) : Promise.resolve(['other']);
  }
  leave() {
    return Promise.resolve();
  }
}

describe('leases that fence', () => {
  function fenced() {
    let clock = 0;
    const store = new MemoryCallStore();
    store.update('c1', () => ({ record: { ...emptyRecord('c1', 0), state: 'established' }, result: undefined }));
    const leases = new FlakyLeases();
    const owned: string[] = [];
    const disowned: string[] = [];
    const ownership = new CallOwnership({
      store,
      leases,
      duties: { own: (r) => void owned.push(r.callId), disown: (id, reason) => void disowned.push(`${id} ${reason}`) },
      safetyMarginMs: 200,
      adoptAfterMs: 0,
      monotonic: () => clock,
      onError: () => undefined,
    });
    return { leases, ownership, owned, disowned, advance: (ms: number) => (clock += ms) };
  }

  it('stops acting the moment a lease it could not renew may have run out: renewal time + lease − margin', async () => {
    const { leases, ownership, owned, advance } = fenced();
    expect(await ownership.claim('c1')).toBe(true);
    expect(ownership.owns('c1')).toBe(true);
    leases.down = true;
    advance(500);
    await expect(ownership.sweep()).rejects.toThrow('lease service unreachable');
    expect(ownership.owns('c1')).toBe(true);
    advance(299);
    expect(ownership.owns('c1')).toBe(true);
    advance(1);
    expect(ownership.owns('c1')).toBe(false);
    owned.length = 0;
    await ownership.sweep().catch(() => undefined);
    expect(owned).toEqual([]);
    // The service is back and the lease is still ours: proven again.
    leases.down = false;
    await ownership.sweep();
    expect(ownership.owns('c1')).toBe(true);
  });

  it('proves a fenced call again when the next renewal succeeds: not disowned, its flow goes on', async () => {
    const { ownership, advance, disowned } = fenced();
    await ownership.claim('c1');
    advance(800);
    expect(ownership.fenced('c1')).toBe(true);
    await ownership.sweep();
    expect(ownership.owns('c1')).toBe(true);
    expect(disowned).toEqual([]);
  });

  it('on stop, hangs up or hands over only the calls whose lease it proves at that moment, and says so', async () => {
    const { leases, ownership } = fenced();
    await ownership.claim('c1');
    await ownership.claim('c2');
    leases.held = false;
    const hungUp: string[] = [];
    const report = await ownership.close({ onShutdown: 'hangup', hangUp: (id) => (hungUp.push(id), Promise.resolve()) });
    expect(hungUp).toEqual([]);
    expect(report).toEqual({
      mode: 'hangup',
      hungUp: [],
      handedOver: [],
      leftUp: [],
      unproven: [],
      notHeld: ['c1', 'c2'],
      others: ['other'],
    });
  });
});
