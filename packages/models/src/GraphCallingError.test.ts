import { DecodeError } from './DecodeError';
import { GraphCallingError, isGraphCallingError } from './GraphCallingError';

/** A second copy of the modules, as a bundle or the other of the ESM and CommonJS builds would carry. */
function otherCopy(): { DecodeError: typeof DecodeError; GraphCallingError: typeof GraphCallingError } {
  let copy: { DecodeError: typeof DecodeError; GraphCallingError: typeof GraphCallingError } | undefined;
  jest.isolateModules(() => {
    copy = { DecodeError: require('./DecodeError').DecodeError, GraphCallingError: require('./GraphCallingError').GraphCallingError };
  });
  if (copy === undefined) throw new Error('isolateModules did not run');
  return copy;
}

describe('GraphCallingError', () => {
  it('carries a code, a message and the cause', () => {
    const cause = new Error('socket closed');
    const error = new GraphCallingError('redis-unavailable', 'expected Redis to answer, found socket closed', { cause });
    expect(error).toMatchObject({ name: 'GraphCallingError', code: 'redis-unavailable', message: expect.stringContaining('expected') });
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });

  it('is the base of the models errors, with kebab-case codes', () => {
    const error = new DecodeError('call', [], []);
    expect(error).toBeInstanceOf(GraphCallingError);
    expect(error.code).toBe('decode-failed');
    expect(isGraphCallingError(error)).toBe(true);
  });

  it('recognises errors from another copy of the package, by brand and class name', () => {
    const copy = otherCopy();
    expect(copy.DecodeError).not.toBe(DecodeError);
    const foreign = new copy.DecodeError('call', [], []);
    expect(foreign instanceof DecodeError).toBe(true);
    expect(foreign instanceof GraphCallingError).toBe(true);
    expect(new DecodeError('call', [], []) instanceof copy.DecodeError).toBe(true);
    expect(new copy.GraphCallingError('x', 'y') instanceof DecodeError).toBe(false);
  });

  it('does not take a look-alike for one of ours', () => {
    const lookAlike = Object.assign(new Error('invalid call'), { name: 'DecodeError', code: 'decode-failed' });
    expect(lookAlike instanceof DecodeError).toBe(false);
    expect(isGraphCallingError(lookAlike)).toBe(false);
    expect(isGraphCallingError(undefined)).toBe(false);
    expect(isGraphCallingError('decode-failed')).toBe(false);
  });
});
