import { BodyDeadlines, type PendingBody } from './BodyDeadlines';

/** A body whose arrival the test decides, recording how often it was expired. */
class Body implements PendingBody {
  arrived = false;
  expired = 0;
  checks = 0;
  constructor(private readonly onExpire: () => void = () => undefined) {}
  settled = (): boolean => {
    this.checks += 1;
    return this.arrived;
  };
  expire = (): void => {
    this.expired += 1;
    this.onExpire();
  };
}

describe('BodyDeadlines: one timer for every arriving body', () => {
  let now = 0;
  let deadlines: BodyDeadlines;
  beforeEach(() => {
    now = 1_000_000;
    deadlines = new BodyDeadlines(20_000, () => now);
  });
  afterEach(() => deadlines.stop());

  it('cuts a body still arriving at its deadline, once, and keeps one not yet due', () => {
    const late = new Body();
    deadlines.watch({}, late);
    now += 10_000;
    const young = new Body();
    deadlines.watch({}, young);
    deadlines.sweep();
    expect([late.expired, young.expired, deadlines.size]).toEqual([0, 0, 2]);
    now += 10_000;
    deadlines.sweep();
    expect([late.expired, young.expired, deadlines.size]).toEqual([1, 0, 1]);
    deadlines.sweep();
    expect(late.expired).toBe(1);
    now += 10_000;
    deadlines.sweep();
    expect([young.expired, deadlines.size]).toEqual([1, 0]);
  });

  it('never checks or cuts a forgotten body, and lets go of it at once', () => {
    const body = new Body();
    const connection = {};
    deadlines.watch(connection, body);
    expect(deadlines.size).toBe(1);
    deadlines.forget(connection, body);
    deadlines.forget(connection, body);
    expect(deadlines.size).toBe(0);
    now += 60_000;
    deadlines.sweep();
    expect([body.checks, body.expired]).toEqual([0, 0]);
  });

  it("keeps one slot per connection: the next request's body takes it, and the earlier one's forget leaves it", () => {
    const connection = {};
    const first = new Body();
    deadlines.watch(connection, first);
    first.arrived = true;
    const second = new Body();
    deadlines.watch(connection, second);
    deadlines.forget(connection, first);
    expect(deadlines.size).toBe(1);
    now += 20_000;
    deadlines.sweep();
    expect([first.checks, first.expired, second.expired, deadlines.size]).toEqual([0, 0, 1, 0]);
  });

  it('drops empty slots on a tick and stops ticking once none is left', () => {
    jest.useFakeTimers();
    try {
      const ticking = new BodyDeadlines(20_000, () => now);
      const connection = {};
      const body = new Body();
      ticking.watch(connection, body);
      ticking.forget(connection, body);
      expect(jest.getTimerCount()).toBe(1);
      jest.advanceTimersByTime(2_000);
      expect([jest.getTimerCount(), ticking.size, body.checks]).toEqual([0, 0, 0]);
      ticking.stop();
    } finally {
      jest.useRealTimers();
    }
  });

  it('drops a settled body without cutting it', () => {
    const body = new Body();
    deadlines.watch({}, body);
    body.arrived = true;
    now += 60_000;
    deadlines.sweep();
    expect([body.expired, deadlines.size]).toEqual([0, 0]);
  });

  it('keeps a body watched while a sweep cuts another', () => {
    const next = new Body();
    const first = new Body(() => deadlines.watch({}, next));
    deadlines.watch({}, first);
    now += 20_000;
    deadlines.sweep();
    expect([first.expired, next.expired, deadlines.size]).toEqual([1, 0, 1]);
    now += 20_000;
    deadlines.sweep();
    expect([next.expired, deadlines.size]).toEqual([1, 0]);
  });

  it('cuts nothing once stopped', () => {
    const body = new Body();
    deadlines.watch({}, body);
    deadlines.stop();
    now += 60_000;
    deadlines.sweep();
    expect([body.expired, deadlines.size, body.checks]).toEqual([0, 0, 0]);
  });
});
