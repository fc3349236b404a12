/**
 * `pnpm attack -- --callback URL --aud APPID --tenant TID [--openid-port P] [--fuzz N] [--seed S]
 * [--state-url URL] [--timeout-ms MS]`
 *
 * Plays a hostile Graph against a callback URL. It publishes its own OpenID configuration and
 * signing key on loopback (http://127.0.0.1:P/.well-known/openid-configuration; start the receiver
 * trusting it, e.g. OPENID_CONFIGURATION_URL for `bot serve`), then sends forged tokens, valid
 * ones, a seeded fuzz of mutated seed notifications and the known edge cases (floods, slow
 * bodies, bad escapes, prototype-named ids, bodies that must not be drained). It prints one line
 * per group and, last, one JSON object; it exits 0 only when every forged token was refused with
 * 401/403, every valid one accepted, nothing answered 5xx or dropped the connection, no forged call
 * id shows up at `--state-url`, and every edge case was answered within 2 s (or, for the slow
 * ones, closed within `--timeout-ms`).
 */
import { KeyObject, randomUUID, sign as rsaSign } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT, base64url, type CryptoKey, type JWK } from 'jose';

/** What the attack needs to know. */
export interface AttackOptions {
  readonly callback: string;
  readonly aud: string;
  readonly tenant: string;
  /** Port of the attacker's OpenID configuration (default 0: any free port, printed at start). */
  readonly openIdPort?: number;
  /** Fuzzed notifications to send (default 2000). */
  readonly fuzz?: number;
  readonly seed?: number;
  /** A URL listing the receiver's calls (e.g. bot serve's /status): no forged call id may appear in it. */
  readonly stateUrl?: string;
  /** How long a slow client may be held before the receiver must have closed it (default 35 s). */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** The figures of one attack. */
export interface AttackResult {
  readonly openIdConfigurationUrl: string;
  readonly forged: { readonly sent: number; readonly refused: number; readonly accepted: readonly string[] };
  readonly valid: { readonly sent: number; readonly accepted: number };
  readonly fuzzed: { readonly sent: number; readonly accepted: number; readonly refused: number; readonly codes: Record<string, number> };
  readonly edge: ReadonlyArray<{ readonly name: string; readonly ok: boolean; readonly outcome: string; readonly ms: number }>;
  readonly serverErrors: number;
  readonly dropped: number;
  /** The first few dropped requests: the start of the body and the error. */
  readonly droppedDetails: readonly string[];
  readonly maxLatencyMs: number;
  readonly forgedInState: number;
  readonly ok: boolean;
}

const ISSUER = 'https://api.botframework.com';
const ANSWER_WITHIN_MS = 2000;

/** A small seeded generator (mulberry32), so a seed replays the same fuzz. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A call id that can be recognised later: forged ones must never reach state. */
const callId = (kind: 'f0' | 'a1' | 'e0', n: number) => `${kind}${kind}${kind}${kind}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const body = (value: unknown[]) => JSON.stringify({ '@odata.type': '#microsoft.graph.commsNotifications', value });
const stateBody = (id: string, state = 'established') =>
  body([
    {
      '@odata.type': '#microsoft.graph.commsNotification',
      changeType: 'updated',
      resourceUrl: `/communications/calls/${id}`,
      resourceData: { '@odata.type': '#microsoft.graph.call', state },
    },
  ]);

/** Seed notifications, shaped as Graph sends them; the fuzz mutates these. */
function seeds(id: string): unknown[] {
  const identity = {
    user: { '@odata.type': '#microsoft.graph.identity', id: '112f7296-5fa4-42ca-bae8-6a692b15d4b8', displayName: 'John' },
  };
  return [
    {
      changeType: 'updated',
      resourceUrl: `/communications/calls/${id}`,
      resourceData: { '@odata.type': '#microsoft.graph.call', state: 'establishing' },
    },
    {
      changeType: 'updated',
      resourceUrl: `/communications/calls/${id}/participants`,
      resourceData: [
        {
          '@odata.type': '#microsoft.graph.participant',
          id: 'p1',
          info: { identity, languageId: 'en-US' },
          mediaStreams: [{ mediaType: 'audio', sourceId: '1', direction: 'sendReceive', serverMuted: false }],
          isMuted: false,
          isInLobby: false,
        },
      ],
    },
    {
      changeType: 'deleted',
      resourceUrl: `/communications/calls/${id}`,
      resourceData: {
        '@odata.type': '#microsoft.graph.call',
        state: 'terminated',
        resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: 0, subcode: 0, message: 'The call ended.' },
      },
    },
    { changeType: 'updated', resource: `/app/calls/${id}`, resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' } },
    {
      changeType: 'updated',
      resourceUrl: `/communications/calls/${id}/operations/${randomUUID()}`,
      resourceData: { '@odata.type': '#microsoft.graph.playPromptOperation', status: 'completed' },
    },
  ];
}

const ODD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  '',
  'x'.repeat(10_000),
  '\u0000\uffff\ud800',
  true,
  [],
  {},
  [null],
  { '@odata.type': '#microsoft.graph.nothing' },
  '__proto__',
  'constructor',
  '%',
  '%E0%A4%A',
  '../../../etc/passwd',
];
const ODD_URLS = [
  '/communications/calls/%',
  '/communications/calls/%E0%A4%A',
  '/communications/calls/__proto__/participants/constructor',
  '/communications/calls//participants',
  'https://graph.microsoft.com/v1.0/communications/calls/x?y=%zz#%',
  '/communications/calls/' + 'a'.repeat(5000),
  'communications/calls/x/operations/',
  '',
];

/** One mutation of a JSON value: a key dropped, a value swapped for an odd one, a list repeated, a url broken. */
function mutate(value: unknown, rnd: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  if (Array.isArray(value)) {
    if (value.length === 0 || rnd() < 0.15) return rnd() < 0.5 ? [] : pick(ODD_VALUES);
    const copy: unknown[] = (value as unknown[]).slice();
    const i = Math.floor(rnd() * copy.length);
    if (rnd() < 0.2) copy.push(...Array.from({ length: 1 + Math.floor(rnd() * 20) }, () => copy[i]));
    else copy[i] = mutate(copy[i], rnd, depth + 1);
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const roll = rnd();
    if (keys.length === 0 || roll < 0.1)
      copy[pick(['id', 'state', 'resourceUrl', 'value', 'resourceData', '@odata.type', 'x'])] = pick(ODD_VALUES);
    else if (roll < 0.25) delete copy[pick(keys)];
    else if (roll < 0.4 && 'resourceUrl' in copy) copy['resourceUrl'] = pick(ODD_URLS);
    else {
      const key = pick(keys);
      copy[key] = depth > 6 || rnd() < 0.3 ? pick(ODD_VALUES) : mutate(copy[key], rnd, depth + 1);
    }
    return copy;
  }
  return pick(ODD_VALUES);
}

/** A fuzzed body: mostly mutated JSON, sometimes broken text or an odd content type. */
function fuzzedBody(n: number, rnd: () => number): { text: string; contentType: string } {
  const all = seeds(`fuzz-${n}`);
  const picked = all.slice(0, 1 + Math.floor(rnd() * all.length));
  let value: unknown = { '@odata.type': '#microsoft.graph.commsNotifications', value: picked };
  const rounds = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < rounds; i += 1) value = mutate(value, rnd);
  let text = JSON.stringify(value) ?? 'null';
  const roll = rnd();
  if (roll < 0.05) text = text.slice(0, Math.floor(rnd() * text.length));
  else if (roll < 0.08) text = text.replace(/"/, "'");
  else if (roll < 0.1) text = `${text}${text}`;
  return { text, contentType: rnd() < 0.03 ? 'text/plain' : 'application/json' };
}

interface Sent {
  readonly status: number | 'dropped' | 'closed';
  readonly code?: string;
  readonly ms: number;
}

/** Runs the attack and returns its figures (the CLI below prints them). */
export async function runAttack(options: AttackOptions): Promise<AttackResult> {
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 35_000;
  const target = new URL(options.callback);
  const now = () => Math.floor(Date.now() / 1000);

  // The attacker's Graph: one published key, and one rogue key it never publishes.
  const [published, rogue] = await Promise.all([
    generateKeyPair('RS256', { extractable: true }),
    generateKeyPair('RS256', { extractable: true }),
  ]);
  const kid = `attack-${randomUUID()}`;
  const publicJwk: JWK = { ...(await exportJWK(published.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const rogueJwk: JWK = { ...(await exportJWK(rogue.publicKey)), kid, alg: 'RS256', use: 'sig' };
  let keyFetches = 0;
  const keyServer: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path.toLowerCase().endsWith('/.well-known/openid-configuration')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${openIdBase}/keys` }));
    } else if (path === '/keys') {
      keyFetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    } else if (path === '/rogue-keys') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [rogueJwk] }));
    } else res.writeHead(404).end();
  });
  keyServer.listen(options.openIdPort ?? 0, '127.0.0.1');
  await once(keyServer, 'listening');
  const openIdBase = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;
  const openIdConfigurationUrl = `${openIdBase}/.well-known/openid-configuration`;
  log(`attacker's OpenID configuration: ${openIdConfigurationUrl}`);

  const sign = (
    claims: Record<string, unknown> = {},
    { key = published.privateKey, header = {} }: { key?: CryptoKey | Uint8Array; header?: Record<string, unknown> } = {},
  ) => {
    const payload: Record<string, unknown> = {
      iss: ISSUER,
      aud: options.aud,
      tid: options.tenant,
      iat: now(),
      nbf: now(),
      exp: now() + 3600,
      ...claims,
    };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT', ...header }).sign(key);
  };
  const unsigned = (header: object, claims: object) =>
    `${base64url.encode(JSON.stringify(header))}.${base64url.encode(
      JSON.stringify({ iss: ISSUER, aud: options.aud, tid: options.tenant, iat: now(), exp: now() + 3600, ...claims }),
    )}.`;

  let latency = 0;
  let serverErrors = 0;
  let dropped = 0;
  const droppedDetails: string[] = [];
  /** `mayClose`: a refusal that closes the connection while the body is still being sent is an answer too. */
  async function send(text: string, headers: Record<string, string>, mayClose = false): Promise<Sent> {
    const started = performance.now();
    try {
      const response = await fetch(target, {
        method: 'POST',
        body: text,
        headers: { 'content-type': 'application/json', ...headers },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const answer = await response.text();
      const ms = performance.now() - started;
      latency = Math.max(latency, ms);
      if (response.status >= 500) serverErrors += 1;
      let code: string | undefined;
      try {
        code = (JSON.parse(answer) as { error?: { code?: string } }).error?.code;
      } catch {
        code = undefined;
      }
      return { status: response.status, ms, ...(code !== undefined ? { code } : {}) };
    } catch (error) {
      if (mayClose) return { status: 'closed', ms: performance.now() - started };
      dropped += 1;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      if (droppedDetails.length < 10)
        droppedDetails.push(`${String(text).slice(0, 60)}…: ${(error as Error).message} (${cause?.code ?? cause?.message ?? 'no cause'})`);
      return { status: 'dropped', ms: performance.now() - started };
    }
  }

  // 1. Forged tokens: each names its own call id, which must never reach state.
  const hs256 = new TextEncoder().encode(JSON.stringify(publicJwk));
  const forgeries: Array<[string, () => string | undefined | Promise<string | undefined>]> = [
    ['no Authorization header', () => undefined],
    ['Basic scheme', () => `Basic ${Buffer.from('graph:graph').toString('base64')}`],
    ['garbage', () => 'Bearer not-a-token'],
    ['alg none', () => `Bearer ${unsigned({ alg: 'none', kid }, {})}`],
    ['alg None', () => `Bearer ${unsigned({ alg: 'None', kid }, {})}`],
    [
      'HS256 keyed with the public key',
      async () =>
        `Bearer ${await new SignJWT({ iss: ISSUER, aud: options.aud, tid: options.tenant, iat: now(), exp: now() + 3600 })
          .setProtectedHeader({ alg: 'HS256', kid })
          .sign(hs256)}`,
    ],
    ['rogue key, published kid', async () => `Bearer ${await sign({}, { key: rogue.privateKey })}`],
    ['rogue key, unknown kid', async () => `Bearer ${await sign({}, { key: rogue.privateKey, header: { kid: 'rogue' } })}`],
    [
      'jku to the rogue keys',
      async () => `Bearer ${await sign({}, { key: rogue.privateKey, header: { jku: `${openIdBase}/rogue-keys` } })}`,
    ],
    [
      'x5u to the rogue keys',
      async () => `Bearer ${await sign({}, { key: rogue.privateKey, header: { x5u: `${openIdBase}/rogue-keys` } })}`,
    ],
    ['embedded jwk', async () => `Bearer ${await sign({}, { key: rogue.privateKey, header: { jwk: rogueJwk } })}`],
    ['kid path traversal', async () => `Bearer ${await sign({}, { key: rogue.privateKey, header: { kid: '../../../../dev/null' } })}`],
    ['wrong audience', async () => `Bearer ${await sign({ aud: '00000000-0000-0000-0000-000000000000' })}`],
    ['audience list without ours', async () => `Bearer ${await sign({ aud: ['a', 'b'] })}`],
    ['wrong issuer', async () => `Bearer ${await sign({ iss: 'https://evil.example' })}`],
    ['expired', async () => `Bearer ${await sign({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })}`],
    ['not yet valid', async () => `Bearer ${await sign({ nbf: now() + 3600, exp: now() + 7200 })}`],
    ['no exp', async () => `Bearer ${await sign({ exp: undefined })}`],
    ['no iat nor nbf', async () => `Bearer ${await sign({ iat: undefined, nbf: undefined })}`],
    ['lifetime of a year', async () => `Bearer ${await sign({ exp: now() + 365 * 86400 })}`],
    [
      'issued in the future for a year',
      async () => `Bearer ${await sign({ iat: now() + 365 * 86400, nbf: undefined, exp: now() + 365 * 86400 + 3600 })}`,
    ],
    ['no tid', async () => `Bearer ${await sign({ tid: undefined })}`],
    ['another tenant', async () => `Bearer ${await sign({ tid: '11111111-2222-4333-8444-555555555555' })}`],
    [
      'tampered payload',
      async () => {
        const [h, , s] = (await sign()).split('.');
        return `Bearer ${h}.${base64url.encode(JSON.stringify({ iss: ISSUER, aud: options.aud, tid: options.tenant, exp: now() + 3600, iat: now(), admin: true }))}.${s}`;
      },
    ],
    ['signature stripped', async () => `Bearer ${(await sign()).split('.').slice(0, 2).join('.')}.`],
    [
      'crit header the receiver cannot understand',
      () => {
        // jose refuses to sign an unknown crit extension, so this one is put together by hand.
        const input = `${base64url.encode(JSON.stringify({ alg: 'RS256', kid, crit: ['x-evil'], 'x-evil': 1 }))}.${base64url.encode(
          JSON.stringify({ iss: ISSUER, aud: options.aud, tid: options.tenant, iat: now(), exp: now() + 3600 }),
        )}`;
        return `Bearer ${input}.${base64url.encode(rsaSign('sha256', Buffer.from(input), KeyObject.from(published.privateKey)))}`;
      },
    ],
  ];
  const forgedResults: Array<[string, Sent]> = [];
  for (const [i, [name, make]] of forgeries.entries()) {
    const authorization = await make();
    forgedResults.push([name, await send(stateBody(callId('f0', i)), authorization !== undefined ? { authorization } : {})]);
  }
  const forgedAccepted = forgedResults.filter(([, r]) => r.status !== 401 && r.status !== 403).map(([name, r]) => `${name}: ${r.status}`);
  log(`forged tokens: ${forgedResults.length} sent, ${forgedResults.length - forgedAccepted.length} refused with 401/403`);

  // 2. Valid tokens, each new (a cold verification every time).
  const validCount = 50;
  let validAccepted = 0;
  for (let i = 0; i < validCount; i += 1) {
    const r = await send(stateBody(callId('a1', i)), { authorization: `Bearer ${await sign({ jti: randomUUID() })}` });
    if (typeof r.status === 'number' && r.status >= 200 && r.status < 300) validAccepted += 1;
  }
  log(`valid tokens: ${validCount} sent, ${validAccepted} accepted`);

  // 3. Seeded fuzz, sent with one valid token, a few at a time.
  const rnd = random(options.seed ?? 1);
  const fuzzCount = options.fuzz ?? 2000;
  const token = { authorization: `Bearer ${await sign()}` };
  const bodies = Array.from({ length: fuzzCount }, (_, n) => fuzzedBody(n, rnd));
  const codes: Record<string, number> = Object.create(null) as Record<string, number>;
  let fuzzAccepted = 0;
  let fuzzRefused = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < bodies.length) {
        const { text, contentType } = bodies[next++] as ReturnType<typeof fuzzedBody>;
        const r = await send(text, { ...token, 'content-type': contentType });
        const key = `${r.status}${r.code !== undefined ? ` ${r.code}` : ''}`;
        codes[key] = (codes[key] ?? 0) + 1;
        if (typeof r.status === 'number' && r.status < 300) fuzzAccepted += 1;
        else if (typeof r.status === 'number' && r.status < 500) fuzzRefused += 1;
      }
    }),
  );
  log(`fuzzed notifications: ${fuzzCount} sent, ${fuzzAccepted} accepted, ${fuzzRefused} refused (${JSON.stringify(codes)})`);

  // 4. Edge cases.
  const edge: Array<{ name: string; ok: boolean; outcome: string; ms: number }> = [];
  const expectAnswer = async (
    name: string,
    text: string,
    statuses: ReadonlyArray<number | 'closed'>,
    headers: Record<string, string> = token,
  ) => {
    const r = await send(text, headers, statuses.includes('closed'));
    const ok = r.status !== 'dropped' && statuses.includes(r.status) && r.ms <= ANSWER_WITHIN_MS;
    edge.push({ name, ok, outcome: `${r.status}${r.code !== undefined ? ` ${r.code}` : ''}`, ms: Math.round(r.ms) });
  };
  await expectAnswer('1.3 M empty notifications', `{"value":[${'{},'.repeat(1_300_000)}{}]}`, [400, 413]);
  await expectAnswer(
    '1.9 M tiny invalid roster items',
    `{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/${callId('e0', 1)}/participants","resourceData":[${'1,'.repeat(1_900_000)}1]}]}`,
    [400, 413],
  );
  await expectAnswer('100 invalid notifications', body(Array.from({ length: 100 }, () => ({ resourceUrl: 5, resourceData: 'x' }))), [400]);
  await expectAnswer(
    'resourceUrl ending in %',
    body([
      {
        changeType: 'updated',
        resourceUrl: '/communications/calls/%',
        resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' },
      },
    ]),
    [400],
  );
  await expectAnswer(
    'resourceUrl with %E0%A4%A',
    body([
      {
        changeType: 'updated',
        resourceUrl: '/communications/calls/%E0%A4%A',
        resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' },
      },
    ]),
    [400],
  );
  await expectAnswer(
    'participants named __proto__, constructor, toString',
    body([
      {
        changeType: 'updated',
        resourceUrl: `/communications/calls/${callId('e0', 2)}/participants`,
        resourceData: ['__proto__', 'constructor', 'toString'].map((id) => ({ '@odata.type': '#microsoft.graph.participant', id })),
      },
    ]),
    [202, 200, 204],
  );
  await expectAnswer('nesting 10,000 deep', `{"value":[{"resourceData":${'['.repeat(10_000)}${']'.repeat(10_000)}}]}`, [400, 413]);
  await expectAnswer('a __proto__ key', `{"__proto__":{"polluted":true},"value":[]}`, [400]);
  // Declared as something other than plain UTF-8 JSON: refused unread, never parsed as if it were.
  const established = body([
    {
      changeType: 'updated',
      resourceUrl: `/communications/calls/${callId('e0', 3)}`,
      resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' },
    },
  ]);
  await expectAnswer('a body declared gzip', established, [415], { ...token, 'content-encoding': 'gzip' });
  await expectAnswer('a body declared UTF-16', established, [415], { ...token, 'content-type': 'application/json; charset=utf-16le' });
  // Refused on its Content-Length before a byte is read: the answer may race the connection's close.
  await expectAnswer('a 10 MiB body', ' '.repeat(10 * 1024 * 1024), [413, 'closed']);
  edge.push(await undrained(target, timeoutMs));
  edge.push(await slowBody(target, token.authorization, timeoutMs));
  edge.push(await slowHeaders(target, timeoutMs));
  for (const e of edge) log(`edge: ${e.name}: ${e.outcome} in ${e.ms} ms${e.ok ? '' : ' — FAILED'}`);

  let forgedInState = 0;
  if (options.stateUrl !== undefined) {
    const listing = await (await fetch(options.stateUrl)).text();
    forgedInState = forgeries.filter((_, i) => listing.includes(callId('f0', i))).length;
    log(`forged call ids in ${options.stateUrl}: ${forgedInState}`);
  }
  keyServer.closeAllConnections();
  keyServer.close();
  const ok =
    forgedAccepted.length === 0 &&
    validAccepted === validCount &&
    serverErrors === 0 &&
    dropped === 0 &&
    forgedInState === 0 &&
    edge.every((e) => e.ok) &&
    keyFetches > 0;
  return {
    openIdConfigurationUrl,
    forged: { sent: forgedResults.length, refused: forgedResults.length - forgedAccepted.length, accepted: forgedAccepted },
    valid: { sent: validCount, accepted: validAccepted },
    fuzzed: { sent: fuzzCount, accepted: fuzzAccepted, refused: fuzzRefused, codes },
    edge,
    serverErrors,
    dropped,
    droppedDetails,
    maxLatencyMs: Math.round(latency),
    forgedInState,
    ok,
  };
}

/** A raw connection to the target: what it answered, and when it closed. */
function raw(target: URL): { socket: Socket; text: () => string; closed: Promise<number>; started: number } {
  const started = performance.now();
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const socket: Socket =
    target.protocol === 'https:'
      ? tlsConnect({ host: target.hostname, port, servername: target.hostname })
      : netConnect(port, target.hostname);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - started)));
  return { socket, text: () => text, closed, started };
}

const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, delay(ms, undefined, { ref: false })]);

const head = (target: URL, lines: string[]) =>
  `POST ${target.pathname}${target.search} HTTP/1.1\r\nhost: ${target.host}\r\ncontent-type: application/json\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`;

/**
 * A chunked 256 MiB body without a token: answered 401, and the connection closed rather than
 * drained. The kernel alone holds tens of MiB of a connection that nobody reads (Linux grows a
 * socket's receive buffer up to `net.ipv4.tcp_rmem`'s maximum, 32 MiB on our machines), so a
 * smaller body could be sent whole to a server that read none of it.
 */
async function undrained(target: URL, timeoutMs: number) {
  const name = 'chunked 256 MiB without a token';
  const c = raw(target);
  c.socket.write(head(target, ['transfer-encoding: chunked']));
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  const total = 256 * 1024 * 1024;
  let sent = 0;
  let open = true;
  // However the socket ends (closed, or failed), the flood stops.
  c.closed.then(
    () => (open = false),
    () => (open = false),
  );
  let answeredMs: number | undefined;
  while (open && sent < total) {
    sent += chunk.length;
    if (answeredMs === undefined && c.text() !== '') answeredMs = performance.now() - c.started;
    if (!c.socket.write(frame)) await within(new Promise((r) => c.socket.once('drain', r)), timeoutMs);
  }
  const closedMs = await within(c.closed, timeoutMs);
  c.socket.destroy();
  const status = /^HTTP\/1\.1 (\d{3})/.exec(c.text())?.[1] ?? 'no answer';
  const ms = Math.round(answeredMs ?? closedMs ?? timeoutMs);
  return {
    name,
    ok: status === '401' && closedMs !== undefined && sent < total && ms <= ANSWER_WITHIN_MS,
    outcome: `${status}, closed after ${Math.round(sent / 1024 / 1024)} of 256 MiB sent`,
    ms,
  };
}

/** Headers with a valid token and a 1 MiB Content-Length, then nothing: answered 408 or closed within the timeout. */
async function slowBody(target: URL, authorization: string, timeoutMs: number) {
  const c = raw(target);
  c.socket.write(`${head(target, [`authorization: ${authorization}`, `content-length: ${1024 * 1024}`])}{"value":[`);
  const closedMs = await within(c.closed, timeoutMs);
  c.socket.destroy();
  const status = /^HTTP\/1\.1 (\d{3})/.exec(c.text())?.[1];
  return {
    name: 'body announced as 1 MiB, never sent',
    ok: closedMs !== undefined && (status === undefined || status === '408'),
    outcome: closedMs === undefined ? 'still open' : `${status ?? 'no answer'}, closed`,
    ms: Math.round(closedMs ?? timeoutMs),
  };
}

/** Half a request line and nothing more: closed within the timeout. */
async function slowHeaders(target: URL, timeoutMs: number) {
  const c = raw(target);
  c.socket.write(`POST ${target.pathname} HTTP/1.1\r\nhost: ${target.host}\r\nx-slow: `);
  const closedMs = await within(c.closed, timeoutMs);
  c.socket.destroy();
  return {
    name: 'headers never finished',
    ok: closedMs !== undefined,
    outcome: closedMs === undefined ? 'still open' : 'closed',
    ms: Math.round(closedMs ?? timeoutMs),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      callback: { type: 'string' },
      aud: { type: 'string' },
      tenant: { type: 'string' },
      'openid-port': { type: 'string' },
      fuzz: { type: 'string' },
      seed: { type: 'string' },
      'state-url': { type: 'string' },
      'timeout-ms': { type: 'string' },
    },
  });
  if (!values.callback || !values.aud || !values.tenant) {
    process.stderr.write(
      'usage: pnpm attack -- --callback URL --aud APPID --tenant TID [--openid-port P] [--fuzz N] [--seed S] [--state-url URL]\n',
    );
    process.exit(2);
  }
  const result = await runAttack({
    callback: values.callback,
    aud: values.aud,
    tenant: values.tenant,
    ...(values['openid-port'] !== undefined ? { openIdPort: Number(values['openid-port']) } : {}),
    ...(values.fuzz !== undefined ? { fuzz: Number(values.fuzz) } : {}),
    ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
    ...(values['state-url'] !== undefined ? { stateUrl: values['state-url'] } : {}),
    ...(values['timeout-ms'] !== undefined ? { timeoutMs: Number(values['timeout-ms']) } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(result.ok ? 0 : 1);
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
