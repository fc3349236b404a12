import { checkResourceId, MAX_RESOURCE_ID_LENGTH, ResourceIdError, resourceIdProblem } from './ResourceId';

describe('resourceIdProblem', () => {
  it.each([
    ['491f0b00-ffff-4bc9-a43e-b226498ec22a', undefined],
    ['sim-call-1', undefined],
    ['a😀b', undefined],
    ['...', undefined],
    ['', 'empty'],
    ['call\ud800', 'lone-surrogate'],
    ['\udc00call', 'lone-surrogate'],
    ['.', 'dot-segment'],
    ['..', 'dot-segment'],
    ['%2e%2E', 'dot-segment'],
    ['.%2e', 'dot-segment'],
    ['a/b', 'path-separator'],
    ['a\\b', 'path-separator'],
    ['a?b', 'path-separator'],
    ['a#b', 'path-separator'],
    ['a\nb', 'control-character'],
    ['a\u0000', 'control-character'],
    ['x'.repeat(MAX_RESOURCE_ID_LENGTH), undefined],
    ['x'.repeat(MAX_RESOURCE_ID_LENGTH + 1), 'too-long'],
    [42, 'not-a-string'],
  ])('%j → %s', (id, problem) => {
    expect(resourceIdProblem(id)).toBe(problem);
  });
});

describe('checkResourceId', () => {
  it('returns a usable id as it is', () => {
    expect(checkResourceId('abc', 'callId')).toBe('abc');
  });

  it('names the field, the rule and a bounded preview of what arrived', () => {
    const huge = 'x'.repeat(1024 * 1024);
    const error = (() => {
      try {
        checkResourceId(huge, 'value[0].resourceUrl (call id)');
      } catch (e) {
        return e as ResourceIdError;
      }
      throw new Error('expected a ResourceIdError');
    })();
    expect(error).toBeInstanceOf(ResourceIdError);
    expect(error.code).toBe('invalid-resource-id');
    expect(error.field).toBe('value[0].resourceUrl (call id)');
    expect(error.problem).toBe('too-long');
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toMatch(
      /^value\[0\]\.resourceUrl \(call id\): expected an id of 1–256 .* found one that is longer than 256 characters: "x+/,
    );
  });

  it('shows a lone surrogate escaped', () => {
    expect(() => checkResourceId('call\ud800', 'callId')).toThrow(/found one that holds a lone UTF-16 surrogate: "call\\ud800"/);
  });
});
