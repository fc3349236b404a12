/**
 * `pnpm soak -- --calls N [--drop P --duplicate P --reorder P --delay P --throttle P] --seed S [--json]`:
 * N concurrent calls through the real transport, receiver and simulator on loopback, every call
 * compared with the simulator's truth. Prints one JSON object on the last line of stdout and exits
 * 0 only when everything converged (created == requested, no duplicates, nothing diverged, every
 * call terminated).
 */
import { runSoak } from './soak/driver';
import { memoryReceivers } from './soak/memoryReceivers';
import { parseSoakArgs, SoakUsageError } from './soak/options';

async function main(): Promise<number> {
  let options;
  try {
    options = parseSoakArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof SoakUsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const progress = (line: string) => process.stderr.write(`soak: ${line}\n`);
  const report = await runSoak(options, memoryReceivers, progress);
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
