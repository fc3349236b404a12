import { CallTimelines, type TimelineEntry } from '../src/admin/CallTimeline';
import { TimelineObserver } from '../src/admin/TimelineObserver';
import { timelineSvg } from '../src/admin/timelineSvg';

const A = 'bot-host-a:4242:1a2b3c4d';
const B = 'bot-host-b:777:9f8e7d6c';

describe('lease changes on a call’s timeline', () => {
  it('draws a take-over (from whom, to whom, why) with the host names hidden without --pii', () => {
    const timelines = new CallTimelines();
    const observer = new TimelineObserver(timelines);
    const seen: Array<[string, TimelineEntry]> = [];
    timelines.on('entry', (callId, entry) => seen.push([callId, entry]));
    observer.observeLease({ type: 'takeover', callId: 'c1', from: A, to: B, reason: 'owner-dead', at: 1_000 });
    const expected = {
      at: 1_000,
      kind: 'takeover',
      label: 'taken over from *:4242:1a2b3c4d (owner dead)',
      ids: { from: '*:4242:1a2b3c4d', to: '*:777:9f8e7d6c', why: 'owner-dead' },
      ok: true,
    };
    expect(timelines.of('c1')).toEqual([expected]);
    // The console's server-sent events carry the same entry.
    expect(seen).toEqual([['c1', expected]]);
    const svg = timelineSvg(timelines.of('c1'));
    expect(svg).toContain('<g class="entry" data-kind="takeover" data-ok="true">');
    expect(svg).toContain('taken over from *:4242:1a2b3c4d (owner dead)');
    expect(svg).not.toContain('bot-host');
  });

  it('names the instances in full with --pii, and each reason in words', () => {
    const timelines = new CallTimelines();
    const observer = new TimelineObserver(timelines, { pii: true });
    observer.observeLease({ type: 'takeover', callId: 'c1', from: A, to: B, reason: 'owner-departed', at: 1 });
    observer.observeLease({ type: 'takeover', callId: 'c1', from: B, to: A, reason: 'lease-expired', at: 2 });
    observer.observeLease({ type: 'takeover', callId: 'c1', to: A, reason: 'unknown', at: 3 });
    expect(timelines.of('c1').map((e) => e.label)).toEqual([
      `taken over from ${A} (owner departed)`,
      `taken over from ${B} (lease expired)`,
      'taken over (former owner unknown)',
    ]);
    expect(timelines.of('c1')[2]?.ids).toEqual({ to: A, why: 'unknown' });
  });

  it('shows a lost lease only on a call this instance has a timeline of, drawn as a failure', () => {
    const timelines = new CallTimelines();
    const observer = new TimelineObserver(timelines);
    observer.observeLease({ type: 'lost', callId: 'unseen', from: A, to: B, at: 5 });
    expect(timelines.of('unseen')).toEqual([]);
    timelines.add('c1', { at: 1, kind: 'state', label: 'established', ok: true });
    observer.observeLease({ type: 'lost', callId: 'c1', from: A, to: B, at: 5 });
    observer.observeLease({ type: 'lost', callId: 'c1', from: A, at: 6 });
    expect(timelines.of('c1').slice(1)).toEqual([
      { at: 5, kind: 'takeover', label: 'lease lost to *:777:9f8e7d6c', ids: { from: '*:4242:1a2b3c4d', to: '*:777:9f8e7d6c' }, ok: false },
      { at: 6, kind: 'takeover', label: 'lease lost', ids: { from: '*:4242:1a2b3c4d' }, ok: false },
    ]);
    expect(timelineSvg(timelines.of('c1'))).toContain('data-kind="takeover" data-ok="false"');
  });
});
