/**
 * How `@graph-calling/transport` sends a request example, read from the example's request line:
 * the client options for its version and collection. The 2019 beta collections (`/app/calls`, and
 * `/applications/{id}/calls` documented beside it) are deprecated: the snippet says what to use today.
 */
export function sendingSnippet(target: string): string | undefined {
  const path = new URL(target, 'https://graph.microsoft.com').pathname;
  const match = /^\/(v1\.0|beta)\/(communications\/calls|app\/calls|applications\/[^/]+\/calls)\/?$/.exec(path);
  if (!match) return undefined;
  const version = match[1] as 'v1.0' | 'beta';
  const collection = match[2] as string;
  const lines = ["import { clientCredentials, createCallsClient } from '@graph-calling/transport';", ''];
  const auth = 'auth: clientCredentials({ tenantId, clientId, clientSecret })';
  if (collection === 'communications/calls') {
    lines.push(`const client = createCallsClient({ ${auth}${version === 'beta' ? ", version: 'beta'" : ''} });`);
  } else {
    lines.push(
      `// POST /${version}/${collection.startsWith('app/') ? 'app/calls' : 'applications/{id}/calls'} is deprecated: new code sends POST /v1.0/communications/calls (no option needed).`,
      collection.startsWith('app/')
        ? `const client = createCallsClient({ ${auth}, version: 'beta', useAppCallsPath: true });`
        : `const client = createCallsClient({ ${auth}, version: 'beta', useApplicationCallsPath: clientId });`,
      ...(collection.startsWith('app/')
        ? [
            "// The same page documents POST /applications/{id}/calls: useApplicationCallsPath: clientId (your app's id; another app's is refused with 403).",
          ]
        : []),
    );
  }
  lines.push('const { id, call } = await client.calls.create(request);');
  return lines.join('\n');
}
