/**
 * Runs the models' decode tests in a process started with `--disallow-code-generation-from-strings`
 * (as hardened deployments do), where decoding cannot compile its checks and walks the plan
 * instead. Jest cannot host this: its test sandbox is a `vm` context, which allows code
 * generation whatever the process flag says. So this file provides the few jest globals those
 * tests use (`describe`, `it`, `expect`), runs them, and prints one JSON summary line last.
 * Started by `noCodegen.test.ts`.
 */
import { expect } from 'expect';
import { canGenerateCode } from '../../src/codec/fastCheck';

interface Case {
  readonly name: string;
  readonly run: () => unknown;
}

const cases: Case[] = [];
const prefix: string[] = [];
const globals = globalThis as unknown as Record<string, unknown>;
globals['expect'] = expect;
globals['describe'] = (name: string, body: () => void) => {
  prefix.push(name);
  body();
  prefix.pop();
};
globals['it'] = (name: string, run: () => unknown) => cases.push({ name: [...prefix, name].join(' › '), run });

async function main(): Promise<void> {
  await import('../../src/decode.test');
  await import('../properties.test');
  const failures: string[] = [];
  for (const { name, run } of cases) {
    try {
      await run();
      console.log(`ok ${name}`);
    } catch (error) {
      failures.push(name);
      console.log(`FAIL ${name}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  console.log(JSON.stringify({ codeGeneration: canGenerateCode(), passed: cases.length - failures.length, failed: failures }));
  process.exitCode = failures.length === 0 ? 0 : 1;
}

void main();
