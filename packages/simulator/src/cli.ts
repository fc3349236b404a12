#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { persistentCertificate } from './certificate';
import { clientSettings } from './clientSettings';
import { createSimulator } from './createSimulator';
import { ALL_CALLING_ROLES, DEFAULT_APP, type SimulatedApp } from './SimulatedApp';

const usage = `graph-calling-simulator [--port 4000] [--identity-port 4001] [--app appId:secret:tenantId[:Role,Role[:Display name]]]… [--seed N]
  [--cert-dir DIR] [--ca-out cert.pem] [--tenant-domain contoso.onmicrosoft.com=tenantId]… [--http] [--json]
  [--throttle-percent P] [--drop-percent P] [--duplicate-percent P] [--reorder-percent P] [--keep-alive-minutes M]`;

function parseApp(text: string): SimulatedApp {
  const [appId, secret, tenantId, roles, ...name] = text.split(':');
  if (!appId || !secret || !tenantId) {
    throw new Error(`--app expects appId:secret:tenantId[:roles[:display name]], found ${JSON.stringify(text)}`);
  }
  // A display name may itself contain colons: everything after the roles is the name.
  const displayName = name.join(':');
  return {
    appId,
    secret,
    tenantId,
    roles: roles ? roles.split(',') : [...ALL_CALLING_ROLES],
    ...(displayName !== '' ? { displayName } : {}),
  };
}

function parseTenantDomain(text: string): [string, string] {
  const [domain, tenantId, extra] = text.split('=');
  if (!domain || !tenantId || extra !== undefined) {
    throw new Error(`--tenant-domain expects domain=tenantId, found ${JSON.stringify(text)}`);
  }
  return [domain, tenantId];
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      // `pnpm simulator -- --port 4000` passes the `--` through.
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: {
        port: { type: 'string', default: '4000' },
        'identity-port': { type: 'string', default: '4001' },
        app: { type: 'string', multiple: true },
        seed: { type: 'string' },
        'throttle-percent': { type: 'string' },
        'drop-percent': { type: 'string' },
        'duplicate-percent': { type: 'string' },
        'reorder-percent': { type: 'string' },
        'keep-alive-minutes': { type: 'string' },
        'ca-out': { type: 'string' },
        'cert-dir': { type: 'string' },
        'tenant-domain': { type: 'string', multiple: true },
        http: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const number = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) {
      console.error(`--${name} expects a non-negative number, found ${JSON.stringify(text)}`);
      process.exit(2);
    }
    return n;
  };
  let apps: SimulatedApp[];
  let tenantDomains: Record<string, string>;
  try {
    apps = values.app?.map(parseApp) ?? [DEFAULT_APP];
    tenantDomains = Object.fromEntries((values['tenant-domain'] ?? []).map(parseTenantDomain));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const keepAlive = number('keep-alive-minutes', values['keep-alive-minutes']);
  const simulator = await createSimulator({
    port: number('port', values.port) ?? 4000,
    identityPort: number('identity-port', values['identity-port']) ?? 4001,
    apps,
    tenantDomains,
    ...(values.http ? { plainHttp: true } : {}),
    ...(values['cert-dir'] ? { certificate: await persistentCertificate(values['cert-dir']) } : {}),
    faults: {
      seed: number('seed', values.seed) ?? 1,
      requests: { throttlePercent: number('throttle-percent', values['throttle-percent']) ?? 0 },
      notifications: {
        dropPercent: number('drop-percent', values['drop-percent']) ?? 0,
        duplicatePercent: number('duplicate-percent', values['duplicate-percent']) ?? 0,
        reorderPercent: number('reorder-percent', values['reorder-percent']) ?? 0,
      },
    },
    ...(keepAlive !== undefined ? { timing: { keepAliveWindowMs: keepAlive * 60_000 } } : {}),
  });
  const caFile = values['ca-out'] ? resolve(values['ca-out']) : undefined;
  if (caFile !== undefined) {
    mkdirSync(dirname(caFile), { recursive: true });
    writeFileSync(caFile, simulator.certificate.cert);
  }
  if (values.json) {
    console.log(
      JSON.stringify({
        graph: simulator.url,
        authority: simulator.authorityUrl,
        openIdConfigurationUrl: simulator.openIdConfigurationUrl,
        apps,
        settings: clientSettings(simulator, caFile !== undefined ? { caFile } : {}),
      }),
    );
    const stopJson = () => void simulator.stop().then(() => process.exit(0));
    process.once('SIGINT', stopJson);
    process.once('SIGTERM', stopJson);
    return;
  }
  console.log(`Graph:     ${simulator.url}/v1.0/communications/calls`);
  console.log(`Authority: ${simulator.authorityUrl}/<tenant> (self-signed; trust the PEM below${caFile ? `, also in ${caFile}` : ''})`);
  console.log(`Callbacks signed by keys at ${simulator.openIdConfigurationUrl}`);
  console.log(`Control:   ${simulator.url}/_sim/calls`);
  for (const app of apps) console.log(`App:       ${app.appId} in tenant ${app.tenantId} (${app.roles.join(', ')})`);
  process.stdout.write(simulator.certificate.cert);
  const stop = () => void simulator.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
