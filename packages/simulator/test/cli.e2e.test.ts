import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliCommand } from '@graph-calling/test-support/cliCommand';
import type { ClientSettings, SimulatedApp } from '@graph-calling/simulator';

const root = resolve(__dirname, '../../..');
const cli = cliCommand('packages/simulator');

interface Started {
  graph: string;
  authority: string;
  openIdConfigurationUrl: string;
  apps: SimulatedApp[];
  settings: ClientSettings;
}

/** Starts the CLI as a user would, reads its --json line, then stops it with SIGTERM. */
function startCli(args: string[]): Promise<Started> {
  return new Promise((done, fail) => {
    const child = spawn(cli.command, [...cli.args, ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'], ...cli.env },
    });
    let text = '';
    let stderr = '';
    let started: Started | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line && !started) {
        started = JSON.parse(line) as Started;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (started ? done(started) : fail(new Error(`simulator exited ${code} without --json output: ${stderr}`))));
  });
}

const APP_ID = '3f0e7c52-9a41-4b8e-a1d3-7e6f5a4b3c2d';
const TENANT = '0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e';
// A display name may contain colons: everything after the roles is the name.
const APP = `${APP_ID}:pa55:${TENANT}:Calls.Initiate.All:Contoso: Front desk`;

describe('graph-calling-simulator CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--cert-dir keeps one certificate across restarts; --ca-out writes it as PEM ending in a newline', async () => {
    const certDir = join(dir, 'certs');
    const first = await startCli(['--port', '0', '--identity-port', '0', '--json', '--cert-dir', certDir, '--ca-out', join(dir, 'a.pem')]);
    const second = await startCli(['--port', '0', '--identity-port', '0', '--json', '--cert-dir', certDir, '--ca-out', join(dir, 'b.pem')]);
    const a = readFileSync(join(dir, 'a.pem'), 'utf8');
    expect(readFileSync(join(dir, 'b.pem'), 'utf8')).toBe(a);
    expect(a).toBe(readFileSync(join(certDir, 'cert.pem'), 'utf8'));
    expect(a.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(a.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    // Appended to a bundle, it stays a sequence of well-formed certificates.
    expect(new X509Certificate(`${a}${a}`).subject).toContain('graph-calling simulator');
    expect(first.graph).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(second.settings.env).toEqual({ NODE_EXTRA_CA_CERTS: join(dir, 'b.pem') });
  }, 60_000);

  it('--json prints ready-to-paste settings for graph-js + @azure/identity, msal-node, the transport and callbacks; --app takes a display name', async () => {
    const started = await startCli(['--port', '0', '--identity-port', '0', '--json', '--app', APP, '--ca-out', join(dir, 'new', 'c.pem')]);
    const graphHost = new URL(started.graph);
    const authority = new URL(started.authority);
    expect(started.apps).toEqual([
      { appId: APP_ID, secret: 'pa55', tenantId: TENANT, roles: ['Calls.Initiate.All'], displayName: 'Contoso: Front desk' },
    ]);
    expect(started.settings).toEqual({
      env: { NODE_EXTRA_CA_CERTS: join(dir, 'new', 'c.pem') },
      graphJs: { baseUrl: started.graph, customHosts: [graphHost.hostname], scopes: ['https://graph.microsoft.com/.default'] },
      azureIdentity: {
        tenantId: TENANT,
        clientId: APP_ID,
        clientSecret: 'pa55',
        options: { authorityHost: started.authority, disableInstanceDiscovery: true },
      },
      msalNode: {
        auth: {
          clientId: APP_ID,
          clientSecret: 'pa55',
          authority: `${started.authority}/${TENANT}`,
          knownAuthorities: [authority.host],
        },
        scopes: ['https://graph.microsoft.com/.default'],
      },
      transport: {
        baseUrl: started.graph,
        caFile: join(dir, 'new', 'c.pem'),
        auth: {
          tenantId: TENANT,
          clientId: APP_ID,
          clientSecret: 'pa55',
          authorityUrl: started.authority,
          scopes: ['https://graph.microsoft.com/.default'],
        },
      },
      callbacks: {
        openIdConfigurationUrl: started.openIdConfigurationUrl,
        issuer: 'https://api.botframework.com',
        audience: APP_ID,
      },
    });
  }, 60_000);
});
