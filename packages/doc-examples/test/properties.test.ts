import fc from 'fast-check';
import { parseDocPage, type DocBlock } from '@graph-calling/doc-examples';
import { parseTolerantJson } from '../src/tolerantJson';
import { seedPages } from '@graph-calling/test-support/seeds';

/** Fragments that matter to the reader, mixed with arbitrary text, to reach its edge cases. */
const fragment = fc.oneof(
  fc.constantFrom(
    '```',
    '```json',
    '```http',
    '~~~',
    '<!--',
    '-->',
    '<!-- { "blockType": "request", } -->',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"a"',
    '"<x>"',
    '\\"',
    '\n',
    '\r\n',
    '\r',
    '\t',
    '    ',
    '\ufeff',
    '\u0000',
    '---',
    '> ',
    '1. ',
    '- ',
    'HTTP/1.1 201 Created',
    'POST https://x/y',
    'Content-Type: application/json',
    '// c',
    '/* c',
    '<span data-ttu-id="a-1">L</span><span class="sxs-lookup"><span data-stu-id="a-1">E</span></span>',
    '# H',
    '[!INCLUDE [a](b.md)]',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const markdown = fc.array(fragment, { maxLength: 80 }).map((parts) => parts.join(''));

describe('properties', () => {
  it('any string given as a page yields blocks and diagnostics, never an exception', () => {
    fc.assert(
      fc.property(markdown, (text) => {
        const page = parseDocPage(text);
        for (const block of page.blocks) {
          expect(block.line).toBeGreaterThanOrEqual(1);
          expect(block.endLine).toBeGreaterThanOrEqual(block.line);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('any string given as a JSON body yields a result, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(markdown, fc.json(), fc.string({ unit: 'binary' })), (text) => {
        const read = parseTolerantJson(text);
        expect(Array.isArray(read.diagnostics)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('strict JSON always reads as JSON.parse reads it, with no diagnostics', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const read = parseTolerantJson(text);
        expect(read.strict).toBe(true);
        expect(read.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('a page made of seed pages yields exactly the blocks of its parts', () => {
    const pages = seedPages().map((p) => ({ text: p.text.endsWith('\n') ? p.text : `${p.text}\n`, blocks: parseDocPage(p.text).blocks }));
    const shape = (b: DocBlock, lines: number) => ({
      line: b.line - lines,
      endLine: b.endLine - lines,
      info: b.info,
      content: b.content,
      kind: b.kind,
      annotation: b.annotation?.raw,
      json: b.json?.value,
      diagnostics: b.diagnostics.map((d) => `${d.code} ${d.line - lines}:${d.column}`),
    });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: pages.length - 1 }), { minLength: 1, maxLength: 4 }), (picks) => {
        const parts = picks.map((i) => pages[i]!);
        const whole = parseDocPage(parts.map((p) => p.text).join(''));
        const expected = [];
        let lines = 0;
        for (const part of parts) {
          expected.push(...part.blocks.map((b) => shape(b, -lines)));
          lines += part.text.split('\n').length - 1;
        }
        expect(whole.blocks.map((b) => shape(b, 0))).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });
});
