import { MAX_JSON_DEPTH, parseTolerantJson } from './tolerantJson';

const codes = (text: string) => parseTolerantJson(text).diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);

describe('parseTolerantJson', () => {
  it('reads strict JSON exactly as JSON.parse, with no diagnostics', () => {
    const text = '{"a":[1,2,{"b":null}],"c":"x","d":true,"e":-1.5e3}';
    expect(parseTolerantJson(text)).toEqual({ value: JSON.parse(text), diagnostics: [], strict: true, escaped: false });
  });

  it('tolerates trailing commas in objects and arrays and says where each is', () => {
    const read = parseTolerantJson('{\n  "a": [1, 2,],\n  "b": {"c": 1,},\n}');
    expect(read.value).toEqual({ a: [1, 2], b: { c: 1 } });
    expect(read.strict).toBe(false);
    expect(read.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual([
      'trailing-comma 2:13',
      'trailing-comma 3:15',
      'trailing-comma 3:17',
    ]);
    expect(read.diagnostics[0]?.message).toBe('expected a value after ",", found the end of the object or array (trailing comma ignored)');
  });

  it('keeps the last duplicate and names the key, its path and the first occurrence', () => {
    const read = parseTolerantJson('{"o": {\n"k": 1,\n"k": 2}}');
    expect(read.value).toEqual({ o: { k: 2 } });
    expect(read.strict).toBe(true);
    expect(read.diagnostics).toEqual([
      {
        code: 'duplicate-key',
        severity: 'warning',
        message: 'expected each key once in o, found "k" again (first at line 2); the later value wins, as JSON.parse reads it',
        line: 3,
        column: 1,
        path: 'o.k',
      },
    ]);
  });

  it('reports comments and placeholders with their paths', () => {
    const read = parseTolerantJson('{ // note\n "blob": "<Media Session Configuration>", "t": ["<id>"] }');
    expect(read.value).toEqual({ blob: '<Media Session Configuration>', t: ['<id>'] });
    expect(read.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['comment', undefined],
      ['placeholder', 'blob'],
      ['placeholder', 't[0]'],
    ]);
    expect(read.strict).toBe(false);
  });

  it('recognises the docs\' generated "<property>-value" samples as placeholders, and only those', () => {
    const read = parseTolerantJson('{"tenantId": "tenantId-value", "a": "high-value customer", "b": "value", "c": "x-value-y"}');
    expect(read.diagnostics.map((d) => d.path)).toEqual(['tenantId']);
  });

  it('quotes keys that are not identifiers in paths', () => {
    const read = parseTolerantJson('{"mediaConfig": {"@odata.type": "<type>"}}');
    expect(read.diagnostics[0]?.path).toBe('mediaConfig["@odata.type"]');
  });

  it('unescapes a backslash-escaped JSON blob', () => {
    const read = parseTolerantJson('{\\"mpUri\\":\\"net.tcp://x\\",\\"a\\":[1]}');
    expect(read).toMatchObject({ value: { mpUri: 'net.tcp://x', a: [1] }, escaped: true, strict: false });
    expect(read.diagnostics.map((d) => d.code)).toEqual(['escaped-json']);
  });

  it('reports syntax errors with what was expected and found, and still returns what it read', () => {
    const read = parseTolerantJson('{"a": 1 "b": 2}');
    expect(read.value).toEqual({ a: 1, b: 2 });
    expect(read.diagnostics).toEqual([
      expect.objectContaining({ code: 'json-syntax', severity: 'error', message: 'expected ",", found "\\"b\\""', line: 1, column: 9 }),
    ]);
    expect(codes('')).toEqual(['json-syntax 1:1']);
    expect(codes('{"a": ')).toEqual(['json-syntax 1:7', 'json-syntax 1:7']);
  });

  it('offsets positions by the origin and indent of the text on its page', () => {
    const read = parseTolerantJson('{\n  "a": 1,\n}', { line: 10, column: 5, indent: 4 });
    expect(read.diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['11:13']);
  });

  it('keeps __proto__ an ordinary own key and pollutes nothing', () => {
    const read = parseTolerantJson('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');
    const value = read.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} with a clean error`, () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const read = parseTolerantJson(deep);
    expect(read.value).toBeUndefined();
    expect(read.diagnostics).toEqual([expect.objectContaining({ code: 'json-too-deep', line: 1, column: MAX_JSON_DEPTH + 1 })]);
    const fits = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(parseTolerantJson(fits).diagnostics).toEqual([]);
  });
});
