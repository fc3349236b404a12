/**
 * An instance id as shown without `--pii`: ids made of `host:pid:random` lose the host name
 * (operators tell instances apart by the rest).
 */
export function shownInstance(instanceId: string, pii: boolean): string {
  if (pii) return instanceId;
  const parts = instanceId.split(':');
  return parts.length >= 3 ? `*:${parts.slice(-2).join(':')}` : instanceId;
}

/** Where state lives as shown without `--pii`: the kind only (`redis`, `memory`), never its host or user. */
export function shownStateWhere(where: string, pii: boolean): string {
  if (pii) return where;
  const scheme = /^([a-z]+):/.exec(where)?.[1];
  return scheme ?? where;
}
