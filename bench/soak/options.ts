import { parseArgs } from 'node:util';

/** What one soak run does (the command line of `pnpm soak`). */
export interface SoakOptions {
  readonly calls: number;
  /** Percentages (0–100) of notifications dropped, duplicated, reordered and delayed, and of requests throttled. */
  readonly drop: number;
  readonly duplicate: number;
  readonly reorder: number;
  readonly delay: number;
  readonly throttle: number;
  readonly seed: number;
  readonly json: boolean;
  /** A live call without notifications for this long is reconciled. */
  readonly silenceMs: number;
  /** How long after the last hang-up every call must be terminated (the target: 60 s). */
  readonly convergeMs: number;
  /** Creates on the wire at once (the calls themselves all overlap). */
  readonly createConcurrency: number;
  /** How long a call waits mid-call for its record to match the truth before it counts as diverged. */
  readonly settleMs: number;
  /** Options a receiver setup reads (`--instances`, `--store`, `--kill`, …), kept as given. */
  readonly extra: Readonly<Record<string, string | boolean | undefined>>;
}

/** Thrown for a command line that cannot be run; the message says what was expected and what arrived. */
export class SoakUsageError extends Error {
  override readonly name = 'SoakUsageError';
  readonly code = 'soak-usage';
}

export const SOAK_USAGE = `usage: pnpm soak -- --calls N [--drop P] [--duplicate P] [--reorder P] [--delay P] [--throttle P] [--seed S] [--json]
       [--silence-ms MS] [--converge-ms MS] [--settle-ms MS] [--create-concurrency K]
  Drives N concurrent calls through the transport, the receiver and the simulator on loopback and
  compares every call with the simulator's truth; prints one JSON object on the last line.`;

/**
 * Reads the command line. Options a receiver setup understands beyond these are passed through in
 * `extra` when `known` names them, so a setup can add its own flags without a parser of its own.
 */
export function parseSoakArgs(argv: readonly string[], known: Readonly<Record<string, 'string' | 'boolean'>> = {}): SoakOptions {
  // pnpm passes the `--` that separates its own options through.
  const args = argv.filter((a) => a !== '--');
  const extraOptions = Object.fromEntries(Object.entries(known).map(([name, type]) => [name, { type }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        calls: { type: 'string' },
        drop: { type: 'string' },
        duplicate: { type: 'string' },
        reorder: { type: 'string' },
        delay: { type: 'string' },
        throttle: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        'silence-ms': { type: 'string' },
        'converge-ms': { type: 'string' },
        'settle-ms': { type: 'string' },
        'create-concurrency': { type: 'string' },
        ...extraOptions,
      },
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | boolean | undefined> });
  } catch (error) {
    throw new SoakUsageError(`${(error as Error).message}\n${SOAK_USAGE}`);
  }
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || value < min || value > max)
      throw new SoakUsageError(`--${name}: expected a number from ${min} to ${max}, found ${JSON.stringify(raw)}\n${SOAK_USAGE}`);
    return value;
  };
  if (values['calls'] === undefined) throw new SoakUsageError(`--calls: expected the number of calls, found nothing\n${SOAK_USAGE}`);
  const extra = Object.fromEntries(Object.keys(known).map((name) => [name, values[name]]));
  return {
    calls: Math.floor(number('calls', 0, 1, 100_000)),
    drop: number('drop', 0, 0, 100),
    duplicate: number('duplicate', 0, 0, 100),
    reorder: number('reorder', 0, 0, 100),
    delay: number('delay', 0, 0, 100),
    throttle: number('throttle', 0, 0, 100),
    seed: Math.floor(number('seed', 1, 0, 2 ** 32 - 1)),
    json: values['json'] === true,
    silenceMs: number('silence-ms', 2_000, 50, 3_600_000),
    convergeMs: number('converge-ms', 60_000, 1_000, 3_600_000),
    settleMs: number('settle-ms', 60_000, 100, 3_600_000),
    createConcurrency: Math.floor(number('create-concurrency', 32, 1, 10_000)),
    extra,
  };
}
