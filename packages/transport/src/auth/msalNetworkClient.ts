import { request as httpsRequest } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * An msal-node network module over node:https that also trusts `ca` (PEM): for a corporate TLS
 * proxy, or the simulator's self-signed authority on loopback.
 */
export function msalNetworkClient(options: { readonly ca: string | readonly string[]; readonly timeoutMs?: number }): INetworkModule {
  const ca = typeof options.ca === 'string' ? [options.ca] : [...options.ca];
  const send = <T>(method: 'GET' | 'POST', url: string, request?: NetworkRequestOptions): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method, ca, headers: request?.headers ?? {}, timeout: options.timeoutMs ?? 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          let body: unknown = {};
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            // msal treats a non-JSON answer as an error response
          }
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
          resolve({ status: res.statusCode ?? 0, headers, body: body as T });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from ${new URL(url).host} within ${options.timeoutMs ?? 10_000} ms`)));
      req.on('error', reject);
      if (request?.body) req.write(request.body);
      req.end();
    });
  return {
    sendGetRequestAsync: (url, request) => send('GET', url, request),
    sendPostRequestAsync: (url, request) => send('POST', url, request),
  };
}
