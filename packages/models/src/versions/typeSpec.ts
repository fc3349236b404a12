import { VERSION_TABLE } from './versionTable.generated';
import type { GraphVersion, PropertySpec } from './VersionTable';

/** A type of one version with the properties of its base types merged in. */
export interface MergedTypeSpec {
  readonly name: string;
  /** The type itself, then each type it inherits from (`appHostedMediaConfig`, `mediaConfig`). */
  readonly lineage: readonly string[];
  readonly open: boolean;
  readonly props: Readonly<Record<string, PropertySpec>>;
  readonly required: readonly string[];
}

const merged = new Map<string, MergedTypeSpec | null>();

/**
 * The table entry of a Graph type in one version (`typeSpec('v1.0', 'call')`), its base types'
 * properties included; `undefined` when that version has no such type. Names compare without
 * regard to the case of their first letter (`MediaPrompt`, `mediaPrompt`).
 */
export function typeSpec(version: GraphVersion, name: string): MergedTypeSpec | undefined {
  const key = `${version}\u0000${name}`;
  let found = merged.get(key);
  if (found === undefined) {
    found = build(version, name, 0) ?? null;
    merged.set(key, found);
  }
  return found ?? undefined;
}

function build(version: GraphVersion, raw: string, depth: number): MergedTypeSpec | undefined {
  const name = raw.charAt(0).toLowerCase() + raw.slice(1);
  const own = VERSION_TABLE[version][name];
  if (own === undefined || depth > 8) return undefined;
  const base = own.base !== undefined ? build(version, own.base, depth + 1) : undefined;
  return {
    name,
    lineage: [name, ...(base?.lineage ?? [])],
    open: own.open === true || base?.open === true,
    props: { ...base?.props, ...own.props },
    required: [...(base?.required ?? []), ...(own.required ?? [])],
  };
}

/** Whether either version's table describes the type. */
export function isTableType(name: string): boolean {
  return typeSpec('beta', name) !== undefined || typeSpec('v1.0', name) !== undefined;
}
