/**
 * Why the simulator refuses to call a callback URL, or `undefined` when it may: callbacks are
 * `http(s)` only, on loopback unless non-loopback callbacks are allowed, and `https` off loopback.
 * Checked when a call is created and again before every delivery, which never follows redirects,
 * so no hop can leave the machine.
 */
export declare function callbackUrlProblem(url: string, allowNonLoopback: boolean): string | undefined;
