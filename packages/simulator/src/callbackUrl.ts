const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Why the simulator refuses to call a callback URL, or `undefined` when it may: callbacks are
 * `http(s)` only, on loopback unless non-loopback callbacks are allowed, and `https` off loopback.
 * Checked when a call is created and again before every delivery, which never follows redirects,
 * so no hop can leave the machine.
 */
export function callbackUrlProblem(url: string, allowNonLoopback: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `callbackUri must be an absolute URL, found ${JSON.stringify(url)}.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `callbackUri must be an http(s) URL, found ${JSON.stringify(parsed.protocol)}.`;
  const loopback = LOOPBACK.test(parsed.hostname);
  if (!loopback && !allowNonLoopback)
    return `The simulator only calls back loopback addresses (found ${parsed.hostname}); start it with allowNonLoopbackCallbacks to change that.`;
  if (!loopback && parsed.protocol !== 'https:') return 'callbackUri must be an https URL.';
  return undefined;
}
