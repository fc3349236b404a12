import { parseDocPage } from '@graph-calling/doc-examples';
import { CallRequest, decode } from '@graph-calling/models';
import { BuilderError, builderCallFor } from '@graph-calling/builders';
import { seedPages } from '@graph-calling/test-support/seeds';
import { SEED_CASES, SEED_REQUESTS } from '@graph-calling/test-support/builderCases';

const requests = seedPages().flatMap((page) =>
  parseDocPage(page.text)
    .blocks.filter((b) => b.kind === 'request' && b.json !== undefined)
    .map((b) => ({ key: `${page.file}:${b.line}`, name: b.annotation?.name ?? b.heading?.english ?? '', documented: b.json?.value })),
);

describe('every documented create-call request is reproduced by a builder', () => {
  it('covers all 36 request examples of the seed pages', () => {
    expect(requests.map((r) => r.key)).toEqual(Object.keys(SEED_REQUESTS));
  });

  describe.each(requests.map((r) => [`${r.key} ${r.name} (${SEED_REQUESTS[r.key]})`, r] as const))('%s', (_title, { key, documented }) => {
    const seedCase = SEED_CASES[SEED_REQUESTS[key] as keyof typeof SEED_CASES];
    const built = seedCase.build();

    it(`equals the documented body${seedCase.defects?.length ? ` corrected for: ${seedCase.defects.map((d) => d.defect).join('; ')}` : ''}`, () => {
      const expected = structuredClone(documented) as Record<string, unknown>;
      for (const d of seedCase.defects ?? []) d.fix(expected);
      expect(built).toEqual(expected);
    });

    it('decodes as a CallRequest with no warnings, and is frozen', () => {
      const result = decode(CallRequest, built);
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(Object.isFrozen(built)).toBe(true);
    });

    it('is reproduced by the builder call toTypeScript would print', () => {
      expect(builderCallFor(built).build()).toEqual(built);
    });

    for (const reject of seedCase.rejects ?? []) {
      it(`refuses ${reject.what} with ${reject.code}`, () => {
        expect(reject.build).toThrow(BuilderError);
        try {
          reject.build();
        } catch (error) {
          expect((error as BuilderError).code).toBe(reject.code);
        }
      });
    }
  });
});
