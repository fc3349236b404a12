import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { importX509, jwtVerify } from 'jose';
import type { Certificate } from './certificate';
import { publicBaseOf } from './requestContext';
import type { SigningKey } from './SigningKey';
import type { SimulatedApp } from './SimulatedApp';

const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/**
 * The audience a client-credential scope names, when it names Microsoft Graph in one of the forms
 * Entra ID accepts: the resource URL (with or without a doubled slash) or Graph's application id.
 */
export function graphAudienceOf(scope: string): string | undefined {
  const lower = scope.toLowerCase();
  if (lower === `${GRAPH_AUDIENCE}/.default` || lower === `${GRAPH_AUDIENCE}//.default`) return GRAPH_AUDIENCE;
  if (lower === `${GRAPH_APP_ID}/.default`) return GRAPH_APP_ID;
  return undefined;
}
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Entra ID's error body: `{ error, error_description, error_codes, timestamp, trace_id, correlation_id }`. */
function aadError(error: string, code: number, description: string) {
  return {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  };
}

/** Options of {@link startIdentityServer}. */
export interface IdentityServerOptions {
  readonly host: string;
  readonly port: number;
  readonly certificate: Certificate;
  readonly key: SigningKey;
  readonly apps: () => readonly SimulatedApp[];
  /** Lower-case domain name → tenant id: an authority may name its tenant either way, as with Entra ID. */
  readonly tenantDomains: ReadonlyMap<string, string>;
  readonly tokenLifetimeSeconds: number;
  /** Called for every token issued (the control API counts them). */
  readonly onTokenIssued?: (appId: string, tenantId: string) => void;
}

/**
 * The simulated Entra ID authority, served over HTTPS (msal-node insists): per-tenant OpenID
 * configuration and the client-credentials token endpoint, for secrets and certificate assertions.
 */
export async function startIdentityServer(options: IdentityServerOptions): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ https: { cert: options.certificate.cert, key: options.certificate.key } });
  const tenantOf = (segment: string) => options.tenantDomains.get(segment.toLowerCase()) ?? segment;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.get<{ Params: { tenant: string } }>('/:tenant/v2.0/.well-known/openid-configuration', (request) =>
    // Built from the host the client used, so msal's issuer check passes for 127.0.0.1, localhost and [::1].
    openIdConfiguration(publicBaseOf(request), request.params.tenant, tenantOf(request.params.tenant)),
  );
  app.get('/:tenant/discovery/v2.0/keys', () => options.key.jwks());
  app.post<{ Params: { tenant: string }; Body: Record<string, string> }>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    const body = request.body ?? {};
    const tenant = tenantOf(request.params.tenant);
    const endpoint = `${publicBaseOf(request)}/${request.params.tenant}/oauth2/v2.0/token`;
    const grant = await clientCredentialsGrant(body, tenant, endpoint, options);
    if ('refusal' in grant) return reply.code(grant.status).send(grant.refusal);
    const token = await options.key.sign(
      {
        aud: grant.audience,
        iss: `https://sts.windows.net/${tenant}/`,
        tid: tenant,
        appid: grant.app.appId,
        azp: grant.app.appId,
        idtyp: 'app',
        roles: [...grant.app.roles],
        oid: randomUUID(),
      },
      options.tokenLifetimeSeconds,
    );
    options.onTokenIssued?.(grant.app.appId, tenant);
    return {
      token_type: 'Bearer',
      expires_in: options.tokenLifetimeSeconds,
      ext_expires_in: options.tokenLifetimeSeconds,
      access_token: token,
    };
  });
  const address = await app.listen({ host: options.host, port: options.port });
  return { app, url: address.replace('localhost', '127.0.0.1') };
}

/** A tenant's OpenID configuration, at `base` as the client named the tenant (`segment`). */
function openIdConfiguration(base: string, segment: string, tenant: string): Record<string, unknown> {
  return {
    issuer: `${base}/${tenant}/v2.0`,
    token_endpoint: `${base}/${segment}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/${segment}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/${segment}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/${segment}/discovery/v2.0/keys`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    tenant_region_scope: 'NA',
  };
}

/** A client-credentials request granted (the app and the audience of its token) or refused as Entra ID refuses it. */
type Grant =
  { readonly app: SimulatedApp; readonly audience: string } | { readonly status: 400 | 401; readonly refusal: ReturnType<typeof aadError> };

/** Checks a token request in the order Entra ID does: grant type, app in the tenant, Graph scope, credential. */
async function clientCredentialsGrant(
  body: Record<string, string>,
  tenant: string,
  endpoint: string,
  options: IdentityServerOptions,
): Promise<Grant> {
  if (body['grant_type'] !== 'client_credentials') {
    const grantType = body['grant_type'] ?? '';
    return {
      status: 400,
      refusal: aadError('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`),
    };
  }
  const clientId = body['client_id'] ?? '';
  const app = options.apps().find((a) => a.appId === clientId && a.tenantId === tenant);
  if (app === undefined) {
    const description = `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`;
    return { status: 400, refusal: aadError('unauthorized_client', 700016, description) };
  }
  const audience = (body['scope'] ?? '')
    .split(' ')
    .map(graphAudienceOf)
    .find((a) => a !== undefined);
  if (audience === undefined) {
    const description = `The provided value for scope ${body['scope'] ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`;
    return { status: 400, refusal: aadError('invalid_scope', 1002012, description) };
  }
  const credentialOk =
    body['client_assertion_type'] === ASSERTION_TYPE
      ? await assertionValid(body['client_assertion'] ?? '', app, endpoint)
      : app.secret !== undefined && body['client_secret'] === app.secret;
  if (!credentialOk) {
    const description =
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.';
    return { status: 401, refusal: aadError('invalid_client', 7000215, description) };
  }
  return { app, audience };
}

async function assertionValid(assertion: string, app: SimulatedApp, audience: string): Promise<boolean> {
  if (app.certificate === undefined || assertion === '') return false;
  try {
    for (const alg of ['PS256', 'RS256']) {
      try {
        const key = await importX509(app.certificate, alg);
        // msal-node dates nbf a second after iat; Entra ID tolerates minutes of skew.
        const { payload } = await jwtVerify(assertion, key, {
          algorithms: [alg],
          audience,
          issuer: app.appId,
          subject: app.appId,
          clockTolerance: 300,
        });
        return payload.iss === app.appId;
      } catch {
        // try the next algorithm
      }
    }
    return false;
  } catch {
    return false;
  }
}
