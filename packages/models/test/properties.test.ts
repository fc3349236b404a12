import fc from 'fast-check';
import { Call, CallRequest, CommsNotifications, decode, Participant } from '@graph-calling/models';
import { planOf } from '../src/codec/plan';
import { Walk, walkPlan } from '../src/codec/walk';
import { call, mutated, notifications, participant, surprising } from '@graph-calling/test-support/modelArbitraries';

describe('properties', () => {
  it('valid calls, participants and notifications round-trip encode → decode unchanged, with no warnings', () => {
    const cases = [
      [Call, call],
      [Participant, participant],
      [CommsNotifications, notifications],
    ] as const;
    for (const [codec, arbitrary] of cases) {
      fc.assert(
        fc.property(arbitrary, (value) => {
          const encoded = JSON.parse(JSON.stringify(codec.encode(value as never))) as unknown;
          const result = decode(codec, encoded);
          expect(result.errors).toEqual([]);
          expect(result.warnings).toEqual([]);
          expect(result.value).toEqual(JSON.parse(JSON.stringify(value)));
        }),
        { numRuns: 150 },
      );
    }
  });

  it('the compiled fast path, the plan walk and io-ts alone agree on every input, warnings included', () => {
    const codecs = [Call, CallRequest, Participant, CommsNotifications];
    const input = fc.oneof(
      call,
      participant,
      notifications,
      surprising(call),
      surprising(participant),
      surprising(notifications),
      mutated(call),
      mutated(participant),
      mutated(notifications),
      mutated(surprising(notifications)),
      fc.jsonValue(),
    );
    let warned = 0;
    let refused = 0;
    fc.assert(
      fc.property(input, (value) => {
        for (const codec of codecs) {
          const outcome = (r: ReturnType<typeof decode>) => ({
            ok: r.ok,
            errors: r.errors,
            warnings: r.warnings,
            warningCount: r.warningCount,
            errorCount: r.errorCount,
          });
          const reference = outcome(decode(codec, value, { fastPath: false }));
          expect(outcome(decode(codec, value))).toEqual(reference);
          // The walk alone is what decode does where code generation is forbidden.
          const walk = new Walk(50, { maxErrors: 20 });
          expect(walkPlan(planOf(codec), value, walk, 0)).toBe(reference.ok);
          expect(walk.warnings.issues).toEqual(reference.warnings);
          if (reference.warnings.length > 0) warned += 1;
          if (!reference.ok) refused += 1;
        }
      }),
      { numRuns: 600 },
    );
    // The inputs exercise both warnings and errors, not only clean values.
    expect(warned).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('a capped decode shows the same first errors and warnings as io-ts, and never overcounts', () => {
    const input = fc.oneof(mutated(notifications), mutated(call), mutated(surprising(notifications)), fc.jsonValue());
    fc.assert(
      fc.property(input, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (value, maxErrors, maxWarnings) => {
        for (const codec of [Call, CallRequest, CommsNotifications]) {
          const capped = decode(codec, value, { maxErrors, maxWarnings });
          const reference = decode(codec, value, { maxErrors, maxWarnings, fastPath: false });
          expect(capped.ok).toBe(reference.ok);
          expect(capped.errors).toEqual(reference.errors);
          if (capped.ok) expect(capped.warnings).toEqual(reference.warnings);
          expect(capped.errorCount).toBeLessThanOrEqual(reference.errorCount);
          if (capped.errorCountExact) expect(capped.errorCount).toBe(reference.errorCount);
          else expect(capped.errorCount).toBeGreaterThan(maxErrors);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary JSON never makes a decoder throw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything(), (json, anything) => {
        for (const codec of [Call, CallRequest, Participant, CommsNotifications]) {
          expect(() => decode(codec, json)).not.toThrow();
          expect(() => decode(codec, anything)).not.toThrow();
        }
      }),
      { numRuns: 300 },
    );
  });
});
