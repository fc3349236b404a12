import { readFileSync } from 'node:fs';
import { GUID_PATTERN } from '@graph-calling/models';
import { DEFAULT_APP } from '@graph-calling/simulator';
import type { Cloud } from '@graph-calling/transport';
import { loadAdminConfig, type AdminConfig, type AdminFlags } from './admin/adminConfig';
import { ConfigError } from './configError';

/** Everything the bot needs to know; built from environment variables and flags. */
export interface BotConfig {
  /** No Graph configured: start the simulator in-process and use it. */
  readonly embedded: boolean;
  readonly tenantId: string;
  readonly appId: string;
  readonly clientSecret?: string;
  readonly certificate?: { readonly privateKey: string; readonly thumbprintSha256: string };
  readonly cloud: Cloud;
  readonly version: 'v1.0' | 'beta';
  /** Graph base (a simulator's) instead of the cloud's. */
  readonly graphBaseUrl?: string;
  /** A CA (PEM) to trust for the Graph base URL and the OpenID configuration (a standalone simulator's certificate). */
  readonly graphCa?: string;
  /** Entra ID authority base (a simulator's) and a CA (PEM) to trust for it. */
  readonly authorityUrl?: string;
  readonly authorityCa?: string;
  readonly openIdConfigurationUrl?: string;
  /** Public base URL Graph reaches the bot at; the callback route is `${publicUrl}/callback`. */
  readonly publicUrl?: string;
  readonly host: string;
  readonly port: number;
  /** Tenants whose callbacks are accepted (default: the bot's own). */
  readonly allowedTenants: readonly string[];
  /** Where call state lives: Redis (shared by every instance using it), or this process' memory when unset. */
  readonly redisUrl?: string;
  /** On shutdown: hand owned calls over to other instances, or hang them up (default: hand over when others are alive). */
  readonly onShutdown?: 'handover' | 'hangup';
  /** Lease time of call ownership; a dead instance's calls are taken over within it (default 30 s). */
  readonly leaseMs?: number;
  /** Keep-alive interval of owned established calls (default 15 minutes). */
  readonly keepAliveMs?: number;
  /** A live call without notifications for this long is reconciled with Graph (default 60 s). */
  readonly reconcileSilenceMs?: number;
  /** Limits of the callback server that differ from the defaults of the notifications package. */
  readonly callbackLimits?: CallbackLimits;
  /** Where health, status, metrics and the console live (default: their own loopback listener). */
  readonly admin?: AdminConfig;
}

/** Time and size limits of the callback server (each from a BOT_* variable; see README "Receiving notifications"). */
export interface CallbackLimits {
  readonly bodyTimeoutMs?: number;
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly keepAliveTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly bodyLimit?: number;
  readonly maxNotifications?: number;
  readonly maxParticipants?: number;
  readonly maxTokenLifetimeSeconds?: number;
}

/** The clouds GRAPH_CLOUD may name. */
const CLOUD_NAMES: readonly Cloud[] = ['global', 'usGov', 'usGovDoD', 'china'];

/** Whether `name` is one of {@link CLOUD_NAMES}. */
function isCloud(name: string): name is Cloud {
  return CLOUD_NAMES.some((cloud) => cloud === name);
}

const LIMIT_VARIABLES: ReadonlyArray<[keyof CallbackLimits, string]> = [
  ['bodyTimeoutMs', 'BOT_BODY_TIMEOUT_MS'],
  ['headersTimeoutMs', 'BOT_HEADERS_TIMEOUT_MS'],
  ['requestTimeoutMs', 'BOT_REQUEST_TIMEOUT_MS'],
  ['keepAliveTimeoutMs', 'BOT_KEEP_ALIVE_TIMEOUT_MS'],
  ['idleTimeoutMs', 'BOT_IDLE_TIMEOUT_MS'],
  ['maxConnections', 'BOT_MAX_CONNECTIONS'],
  ['bodyLimit', 'BOT_BODY_LIMIT'],
  ['maxNotifications', 'BOT_MAX_NOTIFICATIONS'],
  ['maxParticipants', 'BOT_MAX_PARTICIPANTS'],
  ['maxTokenLifetimeSeconds', 'BOT_MAX_TOKEN_LIFETIME_SECONDS'],
];

function callbackLimits(env: NodeJS.ProcessEnv): { callbackLimits?: CallbackLimits } {
  const limits: Record<string, number> = {};
  for (const [key, name] of LIMIT_VARIABLES) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new ConfigError(`${name}: expected a positive whole number, found ${JSON.stringify(text)}`);
    limits[key] = value;
  }
  return Object.keys(limits).length > 0 ? { callbackLimits: limits } : {};
}

export { ConfigError };

const GRAPH_VARIABLES = [
  'GRAPH_TENANT_ID',
  'GRAPH_APP_ID',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_CERTIFICATE_KEY_FILE',
  'GRAPH_BASE_URL',
  'BOT_PUBLIC_URL',
];

/** Flags that override environment variables. */
export interface ConfigFlags extends AdminFlags {
  readonly port?: string | undefined;
  readonly host?: string | undefined;
  readonly publicUrl?: string | undefined;
  readonly version?: string | undefined;
  readonly cloud?: string | undefined;
  /** `--redis URL`: overrides BOT_REDIS_URL. */
  readonly redis?: string | undefined;
}

/**
 * Reads the configuration. With none of the Graph variables set, the bot runs against the
 * embedded simulator; as soon as one is set, the ones it needs must all be valid.
 */
export function loadConfig(env: NodeJS.ProcessEnv, flags: ConfigFlags = {}): BotConfig {
  const port = parsePort(flags.port ?? env['BOT_PORT'] ?? '3978');
  const host = flags.host ?? env['BOT_HOST'] ?? '127.0.0.1';
  const version = flags.version ?? env['GRAPH_VERSION'] ?? 'v1.0';
  if (version !== 'v1.0' && version !== 'beta')
    throw new ConfigError(`GRAPH_VERSION: expected v1.0 or beta, found ${JSON.stringify(version)}`);
  const cloud = flags.cloud ?? env['GRAPH_CLOUD'] ?? 'global';
  if (!isCloud(cloud)) throw new ConfigError(`GRAPH_CLOUD: expected global, usGov, usGovDoD or china, found ${JSON.stringify(cloud)}`);
  const embedded = GRAPH_VARIABLES.every((name) => !env[name]);
  const limits = callbackLimits(env);
  const state = { ...stateConfig(env, flags), admin: loadAdminConfig(env, flags) };
  if (embedded) return embeddedConfig(env, flags, { ...limits, ...state, cloud, version, host, port });
  const { tenantId, appId, secret, certificate } = appRegistration(env);
  const graphBaseUrl = env['GRAPH_BASE_URL'];
  const publicUrl = checkedPublicUrl(env, flags, graphBaseUrl, `http://${host}:${port}`);
  const caFile = env['GRAPH_AUTHORITY_CA_FILE'];
  const graphCaFile = env['GRAPH_CA_FILE'];
  return {
    ...limits,
    ...state,
    embedded: false,
    tenantId,
    appId,
    ...(secret ? { clientSecret: secret } : {}),
    ...(certificate ? { certificate } : {}),
    cloud,
    version,
    ...(graphBaseUrl ? { graphBaseUrl } : {}),
    ...(graphCaFile ? { graphCa: readFile('GRAPH_CA_FILE', graphCaFile) } : {}),
    ...(env['GRAPH_AUTHORITY_URL'] ? { authorityUrl: env['GRAPH_AUTHORITY_URL'] } : {}),
    ...(caFile ? { authorityCa: readFile('GRAPH_AUTHORITY_CA_FILE', caFile) } : {}),
    ...(env['OPENID_CONFIGURATION_URL'] ? { openIdConfigurationUrl: env['OPENID_CONFIGURATION_URL'] } : {}),
    ...((flags.publicUrl ?? env['BOT_PUBLIC_URL']) ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
    host,
    port,
    allowedTenants: (env['BOT_ALLOWED_TENANTS'] ?? tenantId)
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  };
}

/** The configuration against the embedded simulator: its default app, signing callbacks with its own keys. */
function embeddedConfig(
  env: NodeJS.ProcessEnv,
  flags: ConfigFlags,
  common: Omit<BotConfig, 'embedded' | 'tenantId' | 'appId' | 'allowedTenants'>,
): BotConfig {
  // The embedded simulator signs callbacks with its own keys: another configuration could never verify them.
  if (env['OPENID_CONFIGURATION_URL'])
    throw new ConfigError(
      'OPENID_CONFIGURATION_URL: not used with the embedded simulator, which signs callbacks with its own keys; unset it, or set the GRAPH_* variables of the Graph that publishes it',
    );
  return {
    ...common,
    embedded: true,
    tenantId: DEFAULT_APP.tenantId,
    appId: DEFAULT_APP.appId,
    ...(DEFAULT_APP.secret ? { clientSecret: DEFAULT_APP.secret } : {}),
    allowedTenants: [DEFAULT_APP.tenantId],
    ...(flags.publicUrl ? { publicUrl: flags.publicUrl } : {}),
  };
}

/** The app registration the bot signs in as: tenant and app ids (GUIDs) and a secret or a certificate. */
function appRegistration(env: NodeJS.ProcessEnv): {
  readonly tenantId: string;
  readonly appId: string;
  readonly secret: string | undefined;
  readonly certificate: BotConfig['certificate'];
} {
  const tenantId = required(env, 'GRAPH_TENANT_ID', 'the tenant id of the app registration (a GUID)');
  const appId = required(env, 'GRAPH_APP_ID', 'the application (client) id (a GUID)');
  if (!GUID_PATTERN.test(tenantId)) throw new ConfigError(`GRAPH_TENANT_ID: expected a GUID, found ${JSON.stringify(tenantId)}`);
  if (!GUID_PATTERN.test(appId)) throw new ConfigError(`GRAPH_APP_ID: expected a GUID, found ${JSON.stringify(appId)}`);
  const secret = env['GRAPH_CLIENT_SECRET'];
  const keyFile = env['GRAPH_CERTIFICATE_KEY_FILE'];
  if (!secret && !keyFile)
    throw new ConfigError(
      'GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_KEY_FILE (+ GRAPH_CERTIFICATE_THUMBPRINT): expected a credential, found neither',
    );
  let certificate: BotConfig['certificate'];
  if (keyFile) {
    const thumbprint = required(env, 'GRAPH_CERTIFICATE_THUMBPRINT', 'the SHA-256 thumbprint (hex) of the certificate');
    certificate = { privateKey: readFile('GRAPH_CERTIFICATE_KEY_FILE', keyFile), thumbprintSha256: thumbprint };
  }
  return { tenantId, appId, secret, certificate };
}

/** The public base URL Graph calls back: given, else the listening address when Graph runs on this machine; https unless loopback. */
function checkedPublicUrl(env: NodeJS.ProcessEnv, flags: ConfigFlags, graphBaseUrl: string | undefined, listening: string): string {
  const localGraph = graphBaseUrl !== undefined && /^https?:\/\/(127\.|localhost[:/]|\[::1\])/.test(graphBaseUrl);
  // A simulator on this machine can call back the listening address itself.
  const publicUrl = flags.publicUrl ?? env['BOT_PUBLIC_URL'] ?? (localGraph ? listening : undefined);
  if (!publicUrl)
    throw new ConfigError('BOT_PUBLIC_URL: expected the public https base URL Graph calls back (e.g. https://bot.contoso.com), found none');
  let parsed: URL;
  try {
    parsed = new URL(publicUrl);
  } catch {
    throw new ConfigError(`BOT_PUBLIC_URL: expected an absolute URL, found ${JSON.stringify(publicUrl)}`);
  }
  const loopback = /^(127\.|localhost$|\[::1\]$)/.test(parsed.hostname);
  if (parsed.protocol !== 'https:' && !loopback)
    throw new ConfigError(`BOT_PUBLIC_URL: expected https (Graph only calls back over HTTPS), found ${parsed.protocol}`);
  return publicUrl;
}

/** Where call state lives and how ownership of calls behaves (the same with or without the embedded simulator). */
function stateConfig(
  env: NodeJS.ProcessEnv,
  flags: ConfigFlags,
): Pick<BotConfig, 'redisUrl' | 'onShutdown' | 'leaseMs' | 'keepAliveMs' | 'reconcileSilenceMs'> {
  const redisUrl = flags.redis ?? env['BOT_REDIS_URL'];
  if (redisUrl !== undefined && redisUrl !== '' && !/^rediss?:\/\/[^/]/.test(redisUrl))
    throw new ConfigError(`BOT_REDIS_URL / --redis: expected a redis:// or rediss:// URL, found ${JSON.stringify(redisUrl)}`);
  const onShutdown = env['BOT_ON_SHUTDOWN'];
  if (onShutdown !== undefined && onShutdown !== 'handover' && onShutdown !== 'hangup')
    throw new ConfigError(`BOT_ON_SHUTDOWN: expected handover or hangup, found ${JSON.stringify(onShutdown)}`);
  const ms = (name: string, min: number, max: number): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new ConfigError(`${name}: expected milliseconds from ${min} to ${max}, found ${JSON.stringify(text)}`);
    return value;
  };
  const leaseMs = ms('BOT_LEASE_MS', 100, 3_600_000);
  const keepAliveMs = ms('BOT_KEEP_ALIVE_MS', 100, 45 * 60_000);
  const reconcileSilenceMs = ms('BOT_RECONCILE_SILENCE_MS', 50, 24 * 3_600_000);
  return {
    ...(redisUrl ? { redisUrl } : {}),
    ...(onShutdown ? { onShutdown } : {}),
    ...(leaseMs !== undefined ? { leaseMs } : {}),
    ...(keepAliveMs !== undefined ? { keepAliveMs } : {}),
    ...(reconcileSilenceMs !== undefined ? { reconcileSilenceMs } : {}),
  };
}

function required(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name}: expected ${what}, found nothing`);
  return value;
}

function readFile(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${name}: could not read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`BOT_PORT: expected a port number 0–65535, found ${JSON.stringify(text)}`);
  return port;
}
