import { GraphCallingError, isGraphCallingError } from '@graph-calling/models';
import { AppClosedError, AppError, CallDataError, CallEndedError, LeaseLostError, OperationFailedError, WaitTimeoutError } from './errors';

describe('app errors', () => {
  it('are GraphCallingErrors with one kebab-case code per class, the cause kept', () => {
    const cause = new SyntaxError('bad JSON');
    const errors = [
      new CallEndedError('c1', 'state established', { code: 404, subcode: 0, message: 'gone' }),
      new WaitTimeoutError('c1', 'tone.received', 500, 'established'),
      new OperationFailedError('c1', 'playPromptOperation', undefined, 'mediaOperationFailed'),
      new AppClosedError('place'),
      new LeaseLostError('c1', 'keep-alive'),
      new CallDataError('c1', 'expected a number at $.count, found "x"', { cause }),
    ];
    expect(errors.map((e) => e.code)).toEqual(['call-ended', 'wait-timeout', 'operation-failed', 'app-closed', 'lease-lost', 'call-data']);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toBeInstanceOf(GraphCallingError);
      expect(isGraphCallingError(error)).toBe(true);
    }
    expect(errors[0]?.message).toBe('call c1 ended before state established (404/0 gone)');
    expect(errors[5]?.cause).toBe(cause);
  });
});
