// Runs a command with inherited output; resolves with its exit code (never rejects).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './workspace.mjs';

export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Runs a command and keeps its output to itself unless it fails: a person reading `pnpm start`
 * or `pnpm test` wants progress and results, not each tool's chatter (bundle sizes, tables).
 */
export function runQuiet(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      const status = code ?? (signal ? 128 : 1);
      if (status !== 0) process.stdout.write(Buffer.concat(chunks));
      resolve(status);
    });
  });
}

/** A tool installed in the workspace, run directly: through npx under pnpm, npm warns about pnpm's settings. */
export function bin(name) {
  return join(root, 'node_modules', '.bin', name);
}
