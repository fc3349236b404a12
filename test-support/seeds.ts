import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import repoRoot from './repoRoot.cjs';

/**
 * The shared seed material lives beside the repository (`../shared`). Tests that read it
 * fail loudly when it is missing — CI always has it, and a silent skip would hide a regression.
 */
export function sharedDir(): string {
  const dir = process.env['GRAPH_CALLING_SHARED'] ?? resolve(repoRoot, '../shared');
  if (!existsSync(join(dir, 'graph-docs'))) {
    throw new Error(
      `expected the seed material at ${dir}/graph-docs (set GRAPH_CALLING_SHARED to move it), found nothing: ` +
        'clone the repository beside ../shared',
    );
  }
  return dir;
}

/** One seed page: its file name and text. */
export interface SeedPage {
  readonly file: string;
  readonly text: string;
}

/** The five Create call pages, sorted by file name. */
export function seedPages(): SeedPage[] {
  const dir = join(sharedDir(), 'graph-docs');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
}

/** The property and enum reference extracted from the public docs. */
export function callSchemaReference(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(sharedDir(), 'reference', 'graph-call-schema.json'), 'utf8')) as Record<string, unknown>;
}
