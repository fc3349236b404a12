import { LocalCallLeases } from './CallLeases';
import { CallOwnership, type OwnedCallDuties } from './CallOwnership';
import { emptyRecord } from './CallRecord';
import { MemoryCallStore } from './CallStore';
import { createReconciler } from './createReconciler';

function setup() {
  let now = 0;
  const store = new MemoryCallStore();
  const log: string[] = [];
  const duties: OwnedCallDuties = {
    own: (record, adopted) => void log.push(`own ${record.callId} ${record.state ?? '-'}${adopted ? ' adopted' : ''}`),
    disown: (callId, reason) => void log.push(`disown ${callId} ${reason}`),
  };
  const ownership = new CallOwnership({ store, leases: new LocalCallLeases(), duties, unknownAfterMs: 1000, now: () => now });
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
    expect(ownership.owned.has('ghost')).toBe(true);
    advance(1);
    await ownership.sweep();
    expect(log).toEqual(['disown c1 ended', 'disown ghost unknown']);
    expect(ownership.owned.size).toBe(0);
  });

  it('never adopts again a call it released', async () => {
    const { log, ownership, put } = setup();
    put('c1', 'established');
    await ownership.sweep();
    await ownership.release('c1');
    await ownership.sweep();
    expect(log).toEqual(['own c1 established adopted', 'disown c1 released']);
    expect(ownership.owned.size).toBe(0);
  });

  it('hangs up on stop when it is the only instance, unless told to hand over', async () => {
    const first = setup();
    first.put('c1', 'established');
    await first.ownership.sweep();
    const hungUp: string[] = [];
    expect(await first.ownership.stop({ hangUp: (id) => (hungUp.push(id), Promise.resolve()) })).toEqual({
      mode: 'hangup',
      calls: ['c1'],
      others: [],
    });
    expect(hungUp).toEqual(['c1']);
    expect(await first.ownership.claim('c2')).toBe(false);

    const second = setup();
    second.put('c1', 'established');
    await second.ownership.sweep();
    const report = await second.ownership.stop({ onShutdown: 'handover', hangUp: () => (hungUp.push('never'), Promise.resolve()) });
    expect(report.mode).toBe('handover');
    expect(second.log).toContain('disown c1 handover');
    expect(hungUp).toEqual(['c1']);
  });

  it('reports a failed hang-up and still releases the call', async () => {
    const errors: unknown[] = [];
    const store = new MemoryCallStore();
    store.update('c1', () => ({ record: { ...emptyRecord('c1', 0), state: 'established' }, result: undefined }));
    const leases = new LocalCallLeases();
    const ownership = new CallOwnership({
      store,
      leases,
      duties: { own: () => undefined, disown: () => undefined },
      onError: (e) => void errors.push(e),
    });
    await ownership.sweep();
    const failure = new Error('graph is down');
    await ownership.stop({ hangUp: async () => Promise.reject(failure) });
    expect(errors).toEqual([failure]);
    expect(await leases.renew('c1')).toBe(false);
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
      owns: (callId) => ownership.owned.has(callId),
    });
    await reconciler.scan();
    reconciler.request('theirs', 'gap');
    await reconciler.idle();
    expect(asked).toEqual(['mine']);
    // Asked explicitly, any instance reconciles any call.
    await reconciler.reconcile('theirs');
    expect(asked).toEqual(['mine', 'theirs']);
    await reconciler.stop();
  });
});
