/**
 * The known name a misspelt one most likely means: the same letters in another case
 * (`subCode` → `subcode`), else the one name it is the start of (`exclusive` → `exclusiveMode`),
 * else the single nearest name within two edits (for names of five
 * letters or more, where two edits cannot turn one real word into another). `undefined` when
 * nothing is close or two names are equally close.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameLetters = known.find((k) => k !== name && k.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  if (name.length < 5) return undefined;
  // A name cut short (`exclusive` for `exclusiveMode`): one known name starts with it.
  const longer = [...new Set(known)].filter((k) => k.length > name.length && k.toLowerCase().startsWith(lower));
  if (longer.length === 1) return longer[0];
  let best: string | undefined;
  let bestDistance = 3;
  let tie = false;
  for (const candidate of new Set(known)) {
    if (Math.abs(candidate.length - name.length) > 2) continue;
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return tie ? undefined : best;
}

/** Levenshtein distance (two rows). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1)
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] as number;
}
