/**
 * `pnpm soak -- --calls N [--drop P --duplicate P --reorder P --delay P --throttle P] --seed S [--json]`:
 * N concurrent calls through the real transport, receiver and simulator on loopback, every call
 * compared with the simulator's truth. Prints one JSON object on the last line of stdout and exits
 * 0 only when everything converged (created == requested, no duplicates, nothing diverged, every
 * call terminated).
 *
 * `--instances K --store redis [--kill N] [--keep-alive-window-ms MS]`: K bot processes sharing one
 * redis-server behind the simulator's load balancing, N of them SIGKILLed mid-run (see
 * soak/redisInstances.ts); it converges only when, besides, no call missed its keep-alive, no
 * acknowledged update was lost and every call of a killed instance was taken over.
 */
import { runSoak } from './soak/driver';
import { memoryReceivers } from './soak/memoryReceivers';
import { parseSoakArgs, SoakUsageError } from './soak/options';
import { keepAliveWindowMs, REDIS_SOAK_FLAGS, redisInstances } from './soak/redisInstances';

async function main(): Promise<number> {
  let options;
  try {
    options = parseSoakArgs(process.argv.slice(2), REDIS_SOAK_FLAGS);
    const store = options.extra['store'] ?? 'memory';
    if (store !== 'memory' && store !== 'redis')
      throw new SoakUsageError(`--store: expected memory or redis, found ${JSON.stringify(store)}`);
    if (store === 'memory' && (options.extra['instances'] ?? '1') !== '1')
      throw new SoakUsageError('--instances: several instances share state only with --store redis');
  } catch (error) {
    if (!(error instanceof SoakUsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const progress = (line: string) => process.stderr.write(`soak: ${line}\n`);
  const shared = options.extra['store'] === 'redis';
  const report = shared
    ? await runSoak(options, redisInstances, progress, {
        timing: { keepAliveWindowMs: keepAliveWindowMs(options.extra) },
        deliveryLogSize: 1_000_000,
      })
    : await runSoak(options, memoryReceivers, progress);
  if (!options.json) {
    for (const line of report.divergences.slice(0, 20)) process.stdout.write(`  ${line}\n`);
    if (report.divergences.length > 20) process.stdout.write(`  … and ${report.divergences.length - 20} more\n`);
    process.stdout.write(`${report.converged ? 'converged' : 'DID NOT CONVERGE'}\n`);
  }
  process.stdout.write(`${JSON.stringify(report.result)}\n`);
  return report.converged ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
