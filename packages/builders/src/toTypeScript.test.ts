import { BuilderError } from './BuilderError';
import { call, lit } from './toTypeScript';

describe('call', () => {
  it('builds with the exported function it names', () => {
    expect(call('phone', [lit('+14255550123')]).build()).toEqual({ kind: 'phone', id: '+14255550123' });
  });

  it('refuses a name the package does not export, with a BuilderError naming it', () => {
    expect(() => call('noSuchBuilder', [])).toThrow(BuilderError);
    expect(() => call('noSuchBuilder', [])).toThrow('builder: expected a function @graph-calling/builders exports, found "noSuchBuilder"');
  });
});
