import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sharedDir } from '@graph-calling/test-support/seeds';
import { decode } from '../decode';
import { Call } from '../Call';
import { CallRequest } from '../CallRequest';
import { CommsOperation } from '../actions/CommsOperation';
import { AnswerRequest, RedirectRequest } from '../actions/incomingCallBodies';
import { closestName } from './closestName';
import { isPlaceholderValue } from './placeholder';
import { typeSpec } from './typeSpec';

const codes = (r: { warnings: readonly { code: string; path: string }[] }) => r.warnings.map((w) => `${w.code} ${w.path}`);

describe('the version table', () => {
  it('knows which call properties are beta-only', () => {
    expect(typeSpec('beta', 'call')?.props['answeredBy']).toBeDefined();
    expect(typeSpec('v1.0', 'call')?.props['answeredBy']).toBeUndefined();
    expect(typeSpec('v1.0', 'call')?.props['callbackUri']?.types).toEqual(['String']);
  });

  it('merges base types (an app-hosted media config has the base removeFromDefaultAudioGroup)', () => {
    expect(Object.keys(typeSpec('beta', 'appHostedMediaConfig')?.props ?? {})).toEqual(
      expect.arrayContaining(['blob', 'removeFromDefaultAudioGroup']),
    );
    expect(typeSpec('v1.0', 'appHostedMediaConfig')?.required).toEqual(['blob']);
  });

  it('is what the generator makes of ../shared/reference/graph-call-schema.json', () => {
    // ../shared is always there (CI included): a missing schema fails here, loudly, instead of skipping.
    const schema = join(sharedDir(), 'reference', 'graph-call-schema.json');
    if (!existsSync(schema)) throw new Error(`expected the call schema at ${schema}, found nothing`);
    const script = resolve(__dirname, '../../scripts/generate-version-table.mjs');
    expect(execFileSync(process.execPath, [script, '--schema', schema, '--check'], { encoding: 'utf8' })).toContain('up to date');
  });
});

describe('decode with a version (runtime: lenient)', () => {
  it('keeps a beta-only property in a v1.0 body and warns, naming the version', () => {
    const body = { state: 'established', answeredBy: { identity: {} } };
    const result = decode(Call, body, { version: 'v1.0' });
    expect(result.ok).toBe(true);
    expect(result.value).toBe(body);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: 'not-in-version',
        path: 'answeredBy',
        message: 'answeredBy: call.answeredBy is beta-only: Graph v1.0 has no such property',
      }),
    ]);
  });

  it('says nothing of the same property in beta, nor without a version', () => {
    expect(decode(Call, { answeredBy: { identity: {} } }, { version: 'beta' }).warnings).toEqual([]);
    expect(decode(Call, { answeredBy: { identity: {} } }).warnings).toEqual([]);
  });

  it('does not report unknown or misspelt properties outside docs mode', () => {
    expect(decode(Call, { resultInfo: { code: 200, subCode: 5 } }, { version: 'v1.0' }).warnings).toEqual([]);
  });
});

describe('decode in docs mode (strict)', () => {
  const strict = { version: 'v1.0', strict: true } as const;

  it('suggests the right name for a misspelt property', () => {
    const result = decode(Call, { resultInfo: { code: 200, subCode: 5 } }, strict);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: 'misspelt-property',
        path: 'resultInfo.subCode',
        message: 'resultInfo.subCode: resultInfo has no property "subCode"; did you mean "subcode"?',
      }),
    ]);
  });

  it('reports an enum value in the wrong case once (not also as unknown)', () => {
    const result = decode(
      AnswerRequest,
      { callbackUri: 'https://bot/cb', mediaConfig: { blob: 'x' }, acceptedModalities: ['Audio'] },
      strict,
    );
    expect(codes(result)).toEqual(['enum-case-mismatch acceptedModalities[0]']);
    const op = decode(CommsOperation, { '@odata.type': '#microsoft.graph.playPromptOperation', status: 'Running' }, strict);
    expect(op.warnings[0]?.message).toBe('status: expected "running" (enum values are case-sensitive), found "Running"');
  });

  it('reports placeholders and empty ids with their paths', () => {
    const body = {
      callbackUri: 'https://bot/cb',
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
      source: { identity: { application: { id: '', displayName: 'String (identifier)' } } },
    };
    expect(codes(decode(CallRequest, body, strict))).toEqual([
      'empty-id source.identity.application.id',
      'placeholder-value source.identity.application.displayName',
    ]);
  });

  it('reports a parameter the action does not take, and app-hosted media without its blob', () => {
    const redirect = decode(RedirectRequest, { targets: [], routingPolicies: ['none'] }, strict);
    expect(redirect.warnings.map((w) => w.message)).toEqual([
      'routingPolicies: redirectRequest has no property "routingPolicies" in Graph v1.0',
    ]);
    const answer = decode(
      AnswerRequest,
      { callbackUri: 'https://bot/cb', mediaConfig: { '@odata.type': '#microsoft.graph.appHostedMediaConfig' } },
      strict,
    );
    expect(answer.warnings.map((w) => w.message)).toEqual(['mediaConfig.blob: appHostedMediaConfig needs blob; it is missing']);
  });

  it('reports a beta page answering with a v1.0 @odata.context', () => {
    const result = decode(
      Call,
      { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#calls/$entity' },
      { version: 'beta', strict: true },
    );
    expect(codes(result)).toEqual(['version-mismatch ["@odata.context"]']);
  });

  it('accepts the identities of open types (phone, guest) in either version', () => {
    const body = { targets: [{ identity: { phone: { id: '+12345678901' }, guest: { id: 'g', displayName: 'Guest' } } }] };
    expect(decode(Call, body, strict).warnings).toEqual([]);
  });
});

describe('closestName and isPlaceholderValue', () => {
  it('finds case slips and near misses, never a tie or a short guess', () => {
    expect(closestName('subCode', ['code', 'subcode', 'message'])).toBe('subcode');
    expect(closestName('callbakUri', ['callbackUri', 'callChainId'])).toBe('callbackUri');
    expect(closestName('exclusive', ['exclusiveMode', 'participant'])).toBe('exclusiveMode');
    expect(closestName('abc', ['abd'])).toBeUndefined();
    expect(closestName('tonesX', ['tonesA', 'tonesB'])).toBeUndefined();
  });

  it('recognises type names left as values', () => {
    for (const v of ['string', 'String', 'String (identifier)', 'Int32', 'DateTimeOffset', 'Boolean'])
      expect(isPlaceholderValue(v)).toBe(true);
    for (const v of ['TestBot', 'strings', 'audio', '']) expect(isPlaceholderValue(v)).toBe(false);
  });
});
