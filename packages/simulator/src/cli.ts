#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { persistentCertificate } from './certificate';
import { clientSettings } from './clientSettings';
import { createSimulator, type Simulator, type SimulatorOptions } from './createSimulator';
import { ALL_CALLING_ROLES, DEFAULT_APP, type SimulatedApp } from './SimulatedApp';
import { errorMessage } from '@graph-calling/models';

const usage = `graph-calling-simulator [--port 4000] [--identity-port 4001] [--app appId:secret:tenantId[:Role,Role[:Display name]]]… [--seed N]
  [--cert-dir DIR] [--ca-out cert.pem] [--tenant-domain contoso.onmicrosoft.com=tenantId]… [--http] [--json]
  [--any-meeting-tenant]
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

const OPTIONS = {
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
  'any-meeting-tenant': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The command line as parsed; a bad one is printed with the usage and exits 2. */
type CliValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

function readArgs(): CliValues {
  try {
    // `pnpm simulator -- --port 4000` passes the `--` through.
    return parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: OPTIONS, strict: true }).values;
  } catch (error) {
    console.error(`${errorMessage(error)}\n${usage}`);
    process.exit(2);
  }
}

/** A non-negative number option, or exit 2 naming it. */
function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} expects a non-negative number, found ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
}

/** The apps and tenant domains named on the command line (exit 2 when one is malformed). */
function appsOf(values: CliValues): { apps: SimulatedApp[]; tenantDomains: Record<string, string> } {
  try {
    return {
      apps: values.app?.map(parseApp) ?? [DEFAULT_APP],
      tenantDomains: Object.fromEntries((values['tenant-domain'] ?? []).map(parseTenantDomain)),
    };
  } catch (error) {
    console.error(errorMessage(error));
    process.exit(2);
  }
}

/** The simulator's options from the command line. */
async function simulatorOptions(values: CliValues, apps: SimulatedApp[], tenantDomains: Record<string, string>): Promise<SimulatorOptions> {
  const keepAlive = numberOption('keep-alive-minutes', values['keep-alive-minutes']);
  return {
    port: numberOption('port', values.port) ?? 4000,
    identityPort: numberOption('identity-port', values['identity-port']) ?? 4001,
    apps,
    tenantDomains,
    ...(values.http ? { plainHttp: true } : {}),
    // Meeting joins naming another tenant are joined instead of refused with 7505 (a demo joining any Teams link).
    ...(values['any-meeting-tenant'] ? { meetingTenants: 'any' as const } : {}),
    ...(values['cert-dir'] ? { certificate: await persistentCertificate(values['cert-dir']) } : {}),
    faults: {
      seed: numberOption('seed', values.seed) ?? 1,
      requests: { throttlePercent: numberOption('throttle-percent', values['throttle-percent']) ?? 0 },
      notifications: {
        dropPercent: numberOption('drop-percent', values['drop-percent']) ?? 0,
        duplicatePercent: numberOption('duplicate-percent', values['duplicate-percent']) ?? 0,
        reorderPercent: numberOption('reorder-percent', values['reorder-percent']) ?? 0,
      },
    },
    ...(keepAlive !== undefined ? { timing: { keepAliveWindowMs: keepAlive * 60_000 } } : {}),
  };
}

async function main(): Promise<void> {
  const values = readArgs();
  if (values.help) {
    console.log(usage);
    return;
  }
  const { apps, tenantDomains } = appsOf(values);
  const simulator = await createSimulator(await simulatorOptions(values, apps, tenantDomains)).catch(
    (error: NodeJS.ErrnoException & { port?: number }) => {
      if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
      console.error(
        `simulator: cannot listen on port ${error.port ?? '?'} (${error.code === 'EADDRINUSE' ? 'already in use' : 'not allowed'}): choose others with --port <n> --identity-port <n> (0 picks free ones)`,
      );
      process.exit(2);
    },
  );
  // The bot needs the certificate as a file: keep it where the printed variables say.
  const caFile = values['ca-out']
    ? resolve(values['ca-out'])
    : join(tmpdir(), `graph-calling-simulator-${new URL(simulator.authorityUrl).port}.pem`);
  mkdirSync(dirname(caFile), { recursive: true });
  writeFileSync(caFile, simulator.certificate.cert);
  if (values.json) {
    console.log(
      JSON.stringify({
        graph: simulator.url,
        authority: simulator.authorityUrl,
        openIdConfigurationUrl: simulator.openIdConfigurationUrl,
        apps,
        settings: clientSettings(simulator, { caFile }),
      }),
    );
  } else printSettings(simulator, apps, caFile);
  stopOnSignal(simulator);
}

/** Where everything is, and the shell variables that point the bot at it. */
function printSettings(simulator: Simulator, apps: readonly SimulatedApp[], caFile: string): void {
  const app = apps[0] as SimulatedApp;
  console.log(`Graph:     ${simulator.url}/v1.0/communications/calls`);
  console.log(`Authority: ${simulator.authorityUrl}/<tenant> (self-signed certificate of Graph, authority and callback keys in ${caFile})`);
  console.log(`Control:   ${simulator.url}/_sim/calls`);
  for (const a of apps) console.log(`App:       ${a.appId} in tenant ${a.tenantId} (${a.roles.join(', ')})`);
  console.log('\nPoint the bot at it: paste these lines into the shell that runs the bot (Ctrl-C here stops the simulator).\n');
  const variables: ReadonlyArray<readonly [string, string]> = [
    ['GRAPH_BASE_URL', simulator.url],
    ['GRAPH_AUTHORITY_URL', simulator.authorityUrl],
    ['GRAPH_AUTHORITY_CA_FILE', caFile],
    ['GRAPH_CA_FILE', caFile],
    ['GRAPH_TENANT_ID', app.tenantId],
    ['GRAPH_APP_ID', app.appId],
    ['GRAPH_CLIENT_SECRET', app.secret ?? ''],
    ['OPENID_CONFIGURATION_URL', simulator.openIdConfigurationUrl],
  ];
  for (const [name, value] of variables) console.log(`export ${name}=${shellQuote(value)}`);
}

/** Ctrl-C or SIGTERM stops the simulator and exits 0; a failure to stop is printed and exits 1. */
function stopOnSignal(simulator: { close(): Promise<void> }): void {
  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** A value as a POSIX shell reads it back unchanged. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
