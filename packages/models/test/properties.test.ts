import fc from 'fast-check';
import { Call, CallRequest, CommsNotifications, decode, fastCheck, Participant } from '@graph-calling/models';
import { call, mutated, notifications, participant } from './arbitraries';

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

  it('the compiled fast path and full io-ts decoding agree on every input, valid or not', () => {
    const codecs = [Call, CallRequest, Participant, CommsNotifications];
    const input = fc.oneof(call, participant, notifications, mutated(call), mutated(participant), mutated(notifications), fc.jsonValue());
    fc.assert(
      fc.property(input, (value) => {
        for (const codec of codecs) {
          const full = decode(codec, value, { fastPath: false });
          expect(fastCheck(codec)(value)).toBe(full.ok && full.warnings.length === 0);
          const fast = decode(codec, value);
          expect({ ok: fast.ok, errors: fast.errors, warnings: fast.warnings }).toEqual({
            ok: full.ok,
            errors: full.errors,
            warnings: full.warnings,
          });
        }
      }),
      { numRuns: 600 },
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
