import { spawn } from 'node:child_process';

/** One command of a README `sh` block, with the comment written after it. */
export interface ReadmeCommand {
  readonly section: string;
  readonly command: string;
  readonly comment: string;
}

/** Every command in the `sh` blocks of the README sections whose heading starts with one of `headings`. */
export function readmeCommands(markdown: string, headings: readonly string[]): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let section: string | undefined;
  let inBlock = false;
  for (const line of markdown.split('\n')) {
    if (!inBlock && line.startsWith('## ')) section = headings.find((h) => line.startsWith(`## ${h}`));
    if (line.startsWith('```')) {
      inBlock = !inBlock && line.trim() === '```sh';
      continue;
    }
    if (!inBlock || section === undefined || line.trim() === '' || line.trim().startsWith('#')) continue;
    const [command, comment] = splitComment(line);
    commands.push({ section, command, comment });
  }
  return commands;
}

/** Splits `cmd   # comment` at the first `#` outside quotes that starts a word. */
function splitComment(line: string): [string, string] {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return [line.slice(0, i).trim(), line.slice(i + 1).trim()];
  }
  return [line.trim(), ''];
}

/** What a command did. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Killed at its time limit. */
  readonly hung: boolean;
}

/** Runs a shell command as a person would, killing its whole process group at `timeoutMs`. */
export function runShell(command: string, options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CommandResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('sh', ['-c', command], { cwd: options.cwd, env: options.env, detached: true });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      hung = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started, hung });
    });
  });
}

/** A command that runs until Ctrl-C: started, read until `ready` shows in its output, stopped by the caller. */
export interface LongRunning {
  readonly output: () => string;
  readonly exited: () => boolean;
  stop(): Promise<void>;
}

/** Starts a long-running shell command and resolves once `ready` matches its stdout (rejects at `timeoutMs` or if it exits). */
export function startShell(
  command: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; ready: RegExp },
): Promise<LongRunning> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd: options.cwd, env: options.env, detached: true });
    let output = '';
    let exited = false;
    const closed = new Promise<void>((done) => child.on('close', () => done()));
    const handle: LongRunning = {
      output: () => output,
      exited: () => exited,
      async stop() {
        if (!exited) killGroup(child.pid);
        await closed;
      },
    };
    const timer = setTimeout(() => {
      killGroup(child.pid);
      reject(new Error(`${command}: not ready within ${options.timeoutMs} ms; output so far:\n${output}`));
    }, options.timeoutMs);
    const read = (c: Buffer) => {
      output += c.toString();
      if (options.ready.test(output)) {
        clearTimeout(timer);
        resolve(handle);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', () => {
      exited = true;
      clearTimeout(timer);
      reject(new Error(`${command}: exited before it was ready; output:\n${output}`));
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // Already gone: nothing to stop.
  }
}

/** The `export NAME=value` lines a command printed, as the environment a person pasting them gets. */
export function exportedVariables(output: string): Record<string, string> {
  const variables: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const match of output.matchAll(/^export ([A-Z_][A-Z0-9_]*)=(.*)$/gm)) {
    const value = match[2] as string;
    variables[match[1] as string] = value.startsWith("'") ? value.slice(1, -1).replace(/'\\''/g, "'") : value;
  }
  return variables;
}

/** A stack trace line (`    at fn (file:1:2)`), which a person should never see. */
export const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
