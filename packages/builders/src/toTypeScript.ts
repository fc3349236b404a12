import { callScenario, identityKind, isRecord, previewJson, type CallRequest } from '@graph-calling/models';
import { BuilderError } from './BuilderError';
import { diffJson } from './diffJson';
import { groupCall } from './groupCall';
import { application, applicationInstance, guest, legacyGuestUser, phone, user } from './identities';
import { joinMeeting } from './joinMeeting';
import { joinMeetingById } from './joinMeetingById';
import { joinMeetingWithToken } from './joinMeetingWithToken';
import { appHosted, serviceHosted } from './media';
import { peerToPeerCall } from './peerToPeerCall';
import { pstnCall } from './pstnCall';
import * as incomingCallBuilders from './actions/incomingCall';
import * as inCallBuilders from './actions/inCall';
import * as participantBuilders from './actions/participants';

/** A piece of the snippet: its source text, and how to compute the same value for real. */
export interface Expr {
  readonly code: (indent: string) => string;
  readonly build: () => unknown;
  readonly imports: readonly string[];
}

type Fn = (...args: never[]) => unknown;
const FUNCTIONS: Record<string, Fn> = {
  peerToPeerCall,
  groupCall,
  joinMeeting,
  joinMeetingById,
  joinMeetingWithToken,
  pstnCall,
  user,
  application,
  applicationInstance,
  phone,
  guest,
  legacyGuestUser,
  serviceHosted,
  appHosted,
  // Every in-call action builder, by the name a snippet calls it.
  ...functionsOf(incomingCallBuilders),
  ...functionsOf(inCallBuilders),
  ...functionsOf(participantBuilders),
};

/** The functions a module exports, by name (its constants left out). */
function functionsOf(module: Readonly<Record<string, unknown>>): Record<string, Fn> {
  return Object.fromEntries(Object.entries(module).filter((entry): entry is [string, Fn] => typeof entry[1] === 'function'));
}

function quote(s: string): string {
  return `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A literal value. */
export function lit(value: unknown): Expr {
  const code = (indent: string): string => {
    if (typeof value === 'string') return quote(value);
    if (Array.isArray(value)) return `[${value.map((v) => lit(v).code(indent)).join(', ')}]`;
    return JSON.stringify(value) ?? 'undefined';
  };
  return { code, build: () => value, imports: [] };
}

/** An object literal; entries whose value is `undefined` are left out. */
export function obj(entries: ReadonlyArray<readonly [string, Expr | undefined]>): Expr {
  const present = entries.filter((e): e is readonly [string, Expr] => e[1] !== undefined);
  return {
    code: (indent) => {
      const inner = `${indent}  `;
      const parts = present.map(([k, v]) => `${IDENT.test(k) ? k : quote(k)}: ${v.code(inner)}`);
      const oneLine = `{ ${parts.join(', ')} }`;
      if (parts.length === 0) return '{}';
      if (oneLine.length + indent.length <= 90 && !oneLine.includes('\n')) return oneLine;
      return `{\n${parts.map((p) => `${inner}${p},`).join('\n')}\n${indent}}`;
    },
    build: () => Object.fromEntries(present.map(([k, v]) => [k, v.build()])),
    imports: present.flatMap(([, v]) => v.imports),
  };
}

/** An array literal. */
export function arr(items: readonly Expr[]): Expr {
  return {
    code: (indent) => {
      const oneLine = `[${items.map((i) => i.code(indent)).join(', ')}]`;
      if (oneLine.length + indent.length <= 90 && !oneLine.includes('\n')) return oneLine;
      const inner = `${indent}  `;
      return `[\n${items.map((i) => `${inner}${i.code(inner)},`).join('\n')}\n${indent}]`;
    },
    build: () => items.map((i) => i.build()),
    imports: items.flatMap((i) => i.imports),
  };
}

/** A call of one of the builders' exported functions; a {@link BuilderError} for a name the package does not export. */
export function call(name: string, args: readonly Expr[]): Expr {
  const fn = FUNCTIONS[name];
  if (fn === undefined) throw new BuilderError('invalid-value', 'builder', 'a function @graph-calling/builders exports', previewJson(name));
  return {
    code: (indent) => `${name}(${args.map((a) => a.code(indent)).join(', ')})`,
    build: () => fn(...(args.map((a) => a.build()) as never[])),
    imports: [name, ...args.flatMap((a) => a.imports)],
  };
}

/** A JSON object read by key. */
export type Json = Record<string, unknown>;
/** `v` when it is a JSON object, else an empty one (an option that is absent or not an object reads as no options). */
export const asRecord = (v: unknown): Json => (isRecord(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * An identity helper call for the identity inside a participantInfo / identitySet. With
 * `providerOption`, a user's `identityProvider` is an option of `user()` (invitations) rather
 * than the 2019 guest shape.
 */
export function identityExpr(info: unknown, fromSet = false, providerOption = false): Expr | undefined {
  const set = fromSet ? asRecord(info) : asRecord(asRecord(info)['identity']);
  const kind = identityKind({ identity: set });
  if (kind === undefined) return undefined;
  const identity = asRecord(set[kind]);
  const id = lit(str(identity['id']) ?? '');
  const displayName = str(identity['displayName']);
  const tenantId = str(identity['tenantId']);
  const provider = str(identity['identityProvider']);
  if (kind === 'user' && provider !== undefined && !providerOption)
    return call('legacyGuestUser', [id, lit(displayName ?? ''), lit(provider)]);
  if (kind === 'phone') return call('phone', displayName !== undefined ? [id, lit(displayName)] : [id]);
  if (kind === 'guest') return call('guest', [id, lit(displayName ?? '')]);
  if (kind !== 'user' && kind !== 'application' && kind !== 'applicationInstance') return undefined;
  const withProvider = providerOption && provider !== undefined && kind === 'user';
  if (tenantId !== undefined || withProvider)
    return call(kind, [
      id,
      obj([
        ['displayName', displayName !== undefined ? lit(displayName) : undefined],
        ['tenantId', tenantId !== undefined ? lit(tenantId) : undefined],
        ['identityProvider', withProvider ? lit(provider) : undefined],
      ]),
    ]);
  return call(kind, displayName !== undefined ? [id, lit(displayName)] : [id]);
}

/** The `serviceHosted(…)` / `appHosted(…)` call for a mediaConfig. */
export function mediaExpr(mediaConfig: unknown): Expr {
  const m = asRecord(mediaConfig);
  const remove = typeof m['removeFromDefaultAudioGroup'] === 'boolean' ? lit(m['removeFromDefaultAudioGroup']) : undefined;
  if (m['@odata.type'] === '#microsoft.graph.appHostedMediaConfig' || 'blob' in m) {
    return call('appHosted', [
      obj([
        ['blob', m['blob'] === undefined ? undefined : lit(m['blob'])],
        ['removeFromDefaultAudioGroup', remove],
      ]),
    ]);
  }
  const preFetch = Array.isArray(m['preFetchMedia'])
    ? arr(
        m['preFetchMedia'].map((p) =>
          obj([
            ['uri', lit(str(asRecord(p)['uri']) ?? '')],
            ['resourceId', lit(str(asRecord(p)['resourceId']) ?? '')],
          ]),
        ),
      )
    : undefined;
  if (preFetch === undefined && remove === undefined) return call('serviceHosted', []);
  return call('serviceHosted', [
    obj([
      ['preFetch', preFetch],
      ['removeFromDefaultAudioGroup', remove],
    ]),
  ]);
}

function chatInfoExpr(chatInfo: unknown): Expr | undefined {
  const c = asRecord(chatInfo);
  if (Object.keys(c).length === 0) return undefined;
  const reply = c['replyChainMessageId'];
  return obj([
    ['threadId', lit(str(c['threadId']) ?? '')],
    ['messageId', lit(str(c['messageId']) ?? '')],
    ['replyChainMessageId', reply === null || typeof reply === 'string' ? lit(reply) : undefined],
  ]);
}

function groupCallRecipe(targets: readonly Expr[], source: Expr | undefined, r: Json): Recipe {
  return {
    builder: 'groupCall',
    specific: [
      ['targets', arr(targets)],
      ['source', source],
      ['chatInfo', chatInfoExpr(r['chatInfo'])],
    ],
  };
}

/** The builder call that produces a request, and what it would change about it. */
export interface BuilderCall {
  /** `peerToPeerCall`, `groupCall`, `joinMeeting`, … */
  readonly builder: string;
  /** The snippet: imports and `export const request = …;`. */
  readonly code: string;
  /** Runs the same builder call for real. Throws the BuilderError the snippet would throw. */
  readonly build: () => CallRequest;
}

/** The builder that reproduces a request, and the options only that builder takes. */
interface Recipe {
  readonly builder: string;
  readonly specific: Array<readonly [string, Expr | undefined]>;
}

/** Works out which builder call reproduces a create-call request (see {@link toTypeScript}). */
export function builderCallFor(request: CallRequest): BuilderCall {
  const r = request as unknown as Json;
  const common = commonOptions(r);
  const { builder, specific } = recipeFor(request, r);
  const options = obj([common[0], ...specific, ...common.slice(1)]);
  const expr = call(builder, [options]);
  const imports = [...new Set(expr.imports)].sort();
  const code = `import { ${imports.join(', ')} } from '@graph-calling/builders';\n\nexport const request = ${expr.code('')};\n`;
  return { builder, code, build: () => expr.build() as CallRequest };
}

/** The options every create-call builder takes, `callbackUri` first. */
function commonOptions(r: Json): readonly [readonly [string, Expr], ...Array<readonly [string, Expr | undefined]>] {
  const callOptions = Object.entries(asRecord(r['callOptions'])).filter(([k]) => k !== '@odata.type');
  const modalities =
    Array.isArray(r['requestedModalities']) && !(r['requestedModalities'].length === 1 && r['requestedModalities'][0] === 'audio')
      ? lit(r['requestedModalities'])
      : undefined;
  return [
    ['callbackUri', lit(str(r['callbackUri']) ?? '')],
    ['subject', str(r['subject']) !== undefined ? lit(r['subject']) : undefined],
    ['media', mediaExpr(r['mediaConfig'])],
    ['modalities', modalities],
    ['tenantId', str(r['tenantId']) !== undefined ? lit(r['tenantId']) : undefined],
    ['callOptions', callOptions.length > 0 ? obj(callOptions.map(([k, v]) => [k, lit(v)] as const)) : undefined],
    ['annotate', r['@odata.type'] !== undefined ? undefined : lit('polymorphic')],
  ];
}

/** The builder of the request's scenario, with the options it takes from the request. */
function recipeFor(request: CallRequest, r: Json): Recipe {
  const source = identityExpr(r['source']);
  const targets = (Array.isArray(r['targets']) ? r['targets'] : []).map((t) => identityExpr(t)).filter((t): t is Expr => t !== undefined);
  const meeting = asRecord(r['meetingInfo']);
  const scenario = callScenario(request);
  switch (scenario) {
    case 'joinMeeting':
    case 'joinMeetingAsGuest':
      return {
        builder: 'joinMeeting',
        specific: [
          ['chatInfo', chatInfoExpr(r['chatInfo']) ?? obj([])],
          ['organizer', identityExpr(meeting['organizer'], true)],
          [
            'allowConversationWithoutHost',
            typeof meeting['allowConversationWithoutHost'] === 'boolean' ? lit(meeting['allowConversationWithoutHost']) : undefined,
          ],
          ['source', source],
        ],
      };
    case 'joinMeetingById':
      return {
        builder: 'joinMeetingById',
        specific: [
          ['meetingId', lit(str(meeting['joinMeetingId']) ?? '')],
          ['passcode', str(meeting['passcode']) !== undefined ? lit(meeting['passcode']) : undefined],
          ['source', source],
        ],
      };
    case 'joinMeetingWithToken':
      return {
        builder: 'joinMeetingWithToken',
        specific: [
          ['token', lit(str(meeting['token']) ?? '')],
          ['source', source],
        ],
      };
    case 'pstn':
    case 'peerToPeer':
      return twoPartyRecipe(scenario, r, targets, source) ?? groupCallRecipe(targets, source, r);
    default:
      return groupCallRecipe(targets, source, r);
  }
}

/**
 * The dedicated two-party builder, when it can express the request. The classifier decides what
 * the call is; a request the dedicated builder cannot express (a chat thread, a caller of another
 * kind) is reproduced with the group-call builder.
 */
function twoPartyRecipe(scenario: 'pstn' | 'peerToPeer', r: Json, targets: readonly Expr[], source: Expr | undefined): Recipe | undefined {
  const sourceKind = identityKind(asRecord(r['source']));
  const target = identityKind(asRecord((r['targets'] as unknown[])[0]));
  const plain = targets.length === 1 && r['chatInfo'] === undefined;
  if (plain && scenario === 'pstn' && sourceKind === 'applicationInstance') {
    return {
      builder: 'pstnCall',
      specific: [
        ['from', source],
        ['to', targets[0]],
      ],
    };
  }
  if (plain && scenario === 'peerToPeer' && (target === 'user' || target === 'application')) {
    return {
      builder: 'peerToPeerCall',
      specific: [
        ['to', targets[0]],
        ['source', source],
      ],
    };
  }
  return undefined;
}

/**
 * A short, idiomatic TypeScript snippet that builds the given request with the builders. For a
 * request the builders would build differently (a documented example that sends read-only
 * properties, say), the snippet ends with a comment listing each difference.
 */
export function toTypeScript(request: CallRequest): string {
  const recipe = builderCallFor(request);
  let notes: string[];
  try {
    notes = diffJson(request, recipe.build()).map((d) => `//   ${d}`);
    if (notes.length > 0) notes.unshift('// The builders produce a different body than the one given:');
  } catch (error) {
    notes = [`// The builders refuse this request: ${error instanceof Error ? error.message : String(error)}`];
  }
  return notes.length === 0 ? recipe.code : `${recipe.code}\n${notes.join('\n')}\n`;
}
