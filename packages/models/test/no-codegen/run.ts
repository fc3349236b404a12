/**
 * Runs the models' decode tests in a process started with `--disallow-code-generation-from-strings`
 * (as hardened deployments do), where decoding cannot compile its checks and walks the plan
 * instead. Jest cannot host this: its test sandbox is a `vm` context, which allows code
 * generation whatever the process flag says. So this file provides the few jest globals those
 * tests use (`describe`, `it`, `expect`), runs them, and prints one JSON summary line last.
 * Started by `noCodegen.test.ts`.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { expect } from 'expect';
import fc from 'fast-check';
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
  // The seed jest's runs draw from (jest.fast-check.cjs, a setup file jest loads and this process does not;
  // noCodegen.test.ts starts this process in the repository's root). Set on this module graph's fast-check:
  // the file's own `require` reaches fast-check's CommonJS build, a module of its own.
  const { settings } = createRequire(resolve('package.json'))('./jest.fast-check.cjs') as {
    settings: Parameters<typeof fc.configureGlobal>[0];
  };
  fc.configureGlobal(settings);
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

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
