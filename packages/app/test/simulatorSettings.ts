import type { CallingAppOptions } from '@graph-calling/app';
import type { Simulator } from '@graph-calling/simulator';
import { trustedFetch, type Middleware } from '@graph-calling/transport';
import { simulatorAuth } from '@graph-calling/test-support/simulatorAuth';

/** The Graph and callback settings of an app pointed at `simulator` (its first app), as a bot would configure them. */
export function simulatorSettings(
  simulator: Simulator,
  middleware: readonly Middleware[] = [],
): Required<Pick<CallingAppOptions, 'graph' | 'callbacks'>> {
  const app = simulator.apps[0];
  if (app === undefined) throw new Error('the simulator has no app');
  return {
    graph: {
      baseUrl: simulator.url,
      ca: simulator.certificate.cert,
      retry: { baseDelayMs: 10 },
      middleware,
      auth: simulatorAuth(simulator, app),
    },
    callbacks: {
      appIds: app.appId,
      allowedTenants: [app.tenantId],
      openIdConfigurationUrl: simulator.openIdConfigurationUrl,
      fetch: trustedFetch(simulator.certificate.cert),
    },
  };
}

/** A middleware that records `METHOD /path` of every Graph request. */
export function requestLog(): { readonly lines: string[]; readonly middleware: Middleware } {
  const lines: string[] = [];
  return {
    lines,
    middleware: async (request, next) => {
      lines.push(`${request.method} ${new URL(request.url).pathname}`);
      return next(request);
    },
  };
}
