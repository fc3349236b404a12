/** Edm type names the resource pages write where a value goes. */
const TYPE_NAMES =
  /^(?:string|boolean|int16|int32|int64|int|double|single|decimal|datetime|datetimeoffset|date|timeofday|duration|guid|binary|stream)$/i;

/**
 * True for a type name left where a value belongs: `"string"`, `"String"`, `"String (identifier)"`,
 * `"Int32"`, `"DateTimeOffset"` — what a resource page's JSON representation writes, copied into
 * an example.
 */
export function isPlaceholderValue(value: string): boolean {
  const trimmed = value.trim();
  const bare = /^(\S+)\s*\([^)]*\)$/.exec(trimmed)?.[1] ?? trimmed;
  return TYPE_NAMES.test(bare);
}
