import fc from 'fast-check';
import { appendJsonPath, formatJsonPath, GUID_PATTERN, joinJsonPath, parseJsonPath, previewJson } from '../index';
import { isGuid } from './checkedString';

describe('JSON paths and previews', () => {
  it('writes paths as our messages do: dots for identifiers, brackets for indexes and other keys', () => {
    expect(formatJsonPath([])).toBe('$');
    expect(formatJsonPath(['targets', 1, 'identity', 'user', 'id'])).toBe('targets[1].identity.user.id');
    expect(formatJsonPath([0, '@odata.type'])).toBe('[0]["@odata.type"]');
    expect(formatJsonPath(['a', 'b', 'c'], 2)).toBe('a.b');
    expect(appendJsonPath('$', 'mediaConfig')).toBe('mediaConfig');
    expect(appendJsonPath('mediaConfig', '@odata.type')).toBe('mediaConfig["@odata.type"]');
    expect(joinJsonPath('value[0]', 'resourceData[2].id')).toBe('value[0].resourceData[2].id');
    expect(joinJsonPath('value[0]', '[2]')).toBe('value[0][2]');
    expect(joinJsonPath('$', 'a')).toBe('a');
    expect(joinJsonPath('a', '$')).toBe('a');
  });

  it('formats a path as appendJsonPath writes it step by step', () => {
    // A property named `$` is excluded: appendJsonPath takes a path text of `$` for the root,
    // where formatJsonPath knows it is not (`['$', '$']` → `$.$`, which parses back).
    const segment = fc.oneof(fc.nat(), fc.string({ maxLength: 6 }), fc.constantFrom('a', '@odata.type', 'x"y', '[0]', ''));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), fc.nat(6), (segments, length) => {
        const upTo = Math.min(length, segments.length);
        fc.pre(!segments.includes('$'));
        expect(formatJsonPath(segments, upTo)).toBe(segments.slice(0, upTo).reduce<string>(appendJsonPath, '$'));
      }),
      { numRuns: 2000, seed: 29 },
    );
    // A property named `$` is always quoted: alone, bare, it would read back as the root.
    expect(formatJsonPath(['$'])).toBe('["$"]');
    expect(formatJsonPath(['$', '$'])).toBe('["$"]["$"]');
    expect(parseJsonPath('["$"]')).toEqual(['$']);
  });

  it('previews any value as JSON within 80 characters', () => {
    expect(previewJson('parked')).toBe('"parked"');
    expect(previewJson(42)).toBe('42');
    expect(previewJson(undefined)).toBe('undefined');
    expect(previewJson('x'.repeat(200))).toHaveLength(80);
    expect(previewJson({ a: 'x'.repeat(200) }).endsWith('…')).toBe(true);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(previewJson(cyclic)).toBe('[object Object]');
  });

  it('previews a short string exactly as JSON.stringify writes it (quotes, escapes, surrogates)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 78 }), fc.string({ unit: 'binary', maxLength: 39 })), (text) => {
        expect(previewJson(text)).toBe(JSON.stringify(text));
      }),
      { numRuns: 3000, seed: 29 },
    );
  });
});

describe('isGuid', () => {
  it('answers exactly as GUID_PATTERN does', () => {
    const near = fc
      .tuple(fc.uuid(), fc.nat(35), fc.string({ minLength: 0, maxLength: 2 }))
      .map(([id, at, text]) => `${id.slice(0, at)}${text}${id.slice(at + 1)}`);
    const cased = fc.uuid().map((id) => id.toUpperCase());
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), cased, near, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        expect(isGuid(text)).toBe(GUID_PATTERN.test(text));
      }),
      { numRuns: 3000 },
    );
  });
});
