import fc from 'fast-check';
import { formatJsonPath, parseJsonPath, type PathSegment } from '@graph-calling/models';

describe('JSON paths', () => {
  it('formats identifiers with dots, indexes and other names in brackets', () => {
    expect(formatJsonPath(['targets', 1, 'identity', '@odata.type'])).toBe('targets[1].identity["@odata.type"]');
    expect(formatJsonPath([])).toBe('$');
  });

  it('parses back every path it formats', () => {
    const segment: fc.Arbitrary<PathSegment> = fc.oneof(fc.nat(), fc.string(), fc.constantFrom('a', '@odata.type', 'x"y', 'a.b', '[0]'));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (segments) => {
        expect(parseJsonPath(formatJsonPath(segments))).toEqual(segments);
      }),
    );
  });
});
