import { runSoak } from '../soak/driver';
import { memoryReceivers } from '../soak/memoryReceivers';
import { parseSoakArgs, SoakUsageError } from '../soak/options';

// A small `pnpm soak` in CI: the same driver, receiver, reconciler and simulator as the command, 30 calls.
jest.setTimeout(120_000);

describe('soak', () => {
  it('30 concurrent calls under dropped, duplicated, reordered notifications and throttling converge to the truth', async () => {
    const options = parseSoakArgs([
      '--',
      '--calls',
      '30',
      '--drop',
      '10',
      '--duplicate',
      '10',
      '--reorder',
      '10',
      '--throttle',
      '5',
      '--seed',
      '7',
      '--json',
    ]);
    const report = await runSoak(options, memoryReceivers);
    expect(report.divergences).toEqual([]);
    expect(report.result).toMatchObject({ requested: 30, created: 30, duplicates: 0, diverged: 0, notTerminated: 0 });
    expect(report.converged).toBe(true);
    expect(Object.keys(report.result)).toEqual(expect.arrayContaining(['reconciled', 'createP50Ms', 'createP99Ms', 'wallMs', 'heapMB']));
  });

  it('refuses a command line it cannot run, saying what it expected', () => {
    expect(() => parseSoakArgs(['--drop', '10'])).toThrow(/--calls: expected the number of calls/);
    expect(() => parseSoakArgs(['--calls', '10', '--drop', '150'])).toThrow(/--drop: expected a number from 0 to 100, found "150"/);
    expect(() => parseSoakArgs(['--calls', '10', '--frobnicate'])).toThrow(SoakUsageError);
  });
});
