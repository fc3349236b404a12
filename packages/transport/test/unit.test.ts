import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '@graph-calling/transport';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from '../src/backoff';
import { USER_AGENT } from '../src/middleware/telemetry';

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP-dates, and ignores what it cannot read', () => {
    const now = Date.parse('Sun, 22 Nov 2026 10:00:00 GMT');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('uses full jitter under an exponential ceiling, capped', () => {
    expect(backoffDelay(0, DEFAULT_RETRY, () => 0.999)).toBe(499);
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0.5)).toBe(2000);
    expect(backoffDelay(20, DEFAULT_RETRY, () => 0.999)).toBe(29_970);
    expect(backoffDelay(5, DEFAULT_RETRY, () => 0)).toBe(0);
  });
});

describe('identity', () => {
  it('names the package and its version in the User-Agent', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(USER_AGENT).toContain(`graph-calling-transport/${pkg.version}`);
  });
});
