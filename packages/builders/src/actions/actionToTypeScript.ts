import type { CallActionName } from '@graph-calling/models';
import { diffJson } from '../diffJson';
import { arr, asRecord, call, identityExpr, lit, mediaExpr, obj, type Expr, type Json } from '../toTypeScript';
import { RECORD_SETTINGS } from './inCall';

const has = (o: Json, key: string) => o[key] !== undefined && o[key] !== null;
/** A literal for a present value, else nothing (the option is left out). */
const opt = (o: Json, key: string): Expr | undefined => (has(o, key) ? lit(o[key]) : undefined);

/** The builder call that reproduces an action's body, and the client method that sends it. */
export interface ActionBuilderCall {
  /** `playPrompt`, `answer`, … */
  readonly builder: string;
  /** `client.calls.playPrompt(callId, options)`: how transport sends it. */
  readonly clientCall: string;
  /** The snippet: imports, the client call as a comment, and `export const request = …;`. */
  readonly code: string;
  /** Runs the same builder call for real. Throws the BuilderError the snippet would throw. */
  readonly build: () => unknown;
}

/**
 * `annotate: 'polymorphic'` when the body's objects carry no `@odata.type` where the builders
 * would put one (`all` is the default, so it is then left out).
 */
function annotateOf(...typed: unknown[]): Expr | undefined {
  const present = typed.filter((v) => typeof v === 'object' && v !== null);
  return present.length > 0 && present.every((v) => !has(asRecord(v), '@odata.type')) ? lit('polymorphic') : undefined;
}

function promptInput(prompt: unknown): Expr {
  const info = asRecord(asRecord(prompt)['mediaInfo']);
  return obj([
    ['uri', lit(typeof info['uri'] === 'string' ? info['uri'] : '')],
    ['resourceId', opt(info, 'resourceId')],
  ]);
}

const CONTEXT_ONLY: Partial<Record<CallActionName, string>> = {
  subscribeToTone: 'calls.subscribeToTone(callId, options)',
  cancelMediaProcessing: 'calls.cancelMediaProcessing(callId, options)',
  mute: 'calls.mute(callId, options)',
  unmute: 'calls.unmute(callId, options)',
  addLargeGalleryView: 'calls.addLargeGalleryView(callId, options)',
  muteParticipant: 'calls.participants.mute(callId, participantId, options)',
  stopHoldMusic: 'calls.participants.stopHoldMusic(callId, participantId, options)',
};

/** An action's client method and the options expression of its builder. */
interface ActionOptions {
  readonly clientCall: string;
  readonly options: Expr;
}

/** The clientContext entry of an options object. */
type ContextEntry = readonly [string, Expr | undefined];

/** Per action with a body builder: its options from a documented body. */
const ACTION_OPTIONS: { readonly [K in CallActionName]?: (body: Json, context: ContextEntry) => ActionOptions } = {
  answer: (body) => {
    const callOptions = asRecord(body['callOptions']);
    const entries = Object.entries(callOptions).filter(([k]) => k !== '@odata.type');
    return {
      clientCall: 'calls.answer(callId, options)',
      options: obj([
        ['callbackUri', opt(body, 'callbackUri')],
        ['media', mediaExpr(body['mediaConfig'])],
        [
          'modalities',
          Array.isArray(body['acceptedModalities']) &&
          !(body['acceptedModalities'].length === 1 && body['acceptedModalities'][0] === 'audio')
            ? lit(body['acceptedModalities'])
            : undefined,
        ],
        ['callOptions', entries.length > 0 ? obj(entries.map(([k, v]) => [k, lit(v)] as const)) : undefined],
        ['participantCapacity', opt(body, 'participantCapacity')],
        ['annotate', entries.length > 0 ? annotateOf(body['callOptions']) : undefined],
      ]),
    };
  },
  reject: (body) => {
    return {
      clientCall: 'calls.reject(callId, options)',
      options: obj([
        ['reason', typeof body['reason'] === 'string' ? lit(body['reason'].toLowerCase()) : undefined],
        ['callbackUri', opt(body, 'callbackUri')],
      ]),
    };
  },
  redirect: (body) => {
    const targets: unknown[] = Array.isArray(body['targets']) ? body['targets'] : [];
    return {
      clientCall: 'calls.redirect(callId, options)',
      options: obj([
        ['targets', arr(targets.map((t) => identityExpr(t) ?? lit(null)))],
        ['targetDisposition', opt(body, 'targetDisposition')],
        ['timeout', opt(body, 'timeout')],
        ['maskCallee', opt(body, 'maskCallee')],
        ['maskCaller', opt(body, 'maskCaller')],
        ['callbackUri', opt(body, 'callbackUri')],
        ['annotate', annotateOf(...targets)],
      ]),
    };
  },
  transfer: (body, context) => {
    const target = asRecord(body['transferTarget']);
    return {
      clientCall: 'calls.transfer(callId, options)',
      options: obj([
        ['to', identityExpr(target) ?? lit(null)],
        ['endpointType', opt(target, 'endpointType')],
        ['transferee', has(body, 'transferee') ? identityExpr(body['transferee']) : undefined],
        ['replacesCallId', opt(target, 'replacesCallId')],
        context,
        ['annotate', annotateOf(target)],
      ]),
    };
  },
  playPrompt: (body, context) => {
    const prompts: unknown[] = Array.isArray(body['prompts']) ? body['prompts'] : [];
    return {
      clientCall: 'calls.playPrompt(callId, options, { wait: true })',
      options: obj([
        ['prompts', arr(prompts.map(promptInput))],
        ['loop', opt(body, 'loop')],
        context,
        ['annotate', annotateOf(...prompts)],
      ]),
    };
  },
  recordResponse: (body, context) => {
    const prompts: unknown[] = Array.isArray(body['prompts']) ? body['prompts'] : [];
    return {
      clientCall: 'calls.record(callId, options, { wait: true })',
      options: obj([
        ['prompt', prompts.length > 0 ? promptInput(prompts[0]) : undefined],
        ...RECORD_SETTINGS.map((k) => [k, opt(body, k)] as const),
        context,
        ['annotate', annotateOf(...prompts)],
      ]),
    };
  },
  sendDtmfTones: (body, context) => {
    return {
      clientCall: 'calls.sendDtmfTones(callId, options)',
      options: obj([['tones', lit(body['tones'] ?? [])], ['delayBetweenTonesMs', opt(body, 'delayBetweenTonesMs')], context]),
    };
  },
  changeScreenSharingRole: (body) => {
    return {
      clientCall: "calls.changeScreenSharingRole(callId, 'viewer' | 'sharer')",
      options: obj([['role', lit(body['role'])]]),
    };
  },
  updateRecordingStatus: (body, context) => {
    return {
      clientCall: 'calls.updateRecordingStatus(callId, options)',
      options: obj([context, ['status', lit(body['status'])]]),
    };
  },
  inviteParticipants: (body, context) => {
    const participants: unknown[] = Array.isArray(body['participants']) ? body['participants'] : [];
    return {
      clientCall: 'calls.participants.invite(callId, options, { wait: true })',
      options: obj([
        ['participants', arr(participants.map((p) => identityExpr(p, false, true) ?? lit(null)))],
        ['replacesCallId', opt(asRecord(participants[0]), 'replacesCallId')],
        context,
        ['annotate', annotateOf(...participants)],
      ]),
    };
  },
  muteAllParticipants: (body, context) => {
    return {
      clientCall: 'calls.participants.muteAll(callId, options)',
      options: obj([['participants', opt(body, 'participants')], context]),
    };
  },
  startHoldMusic: (body, context) => {
    return {
      clientCall: 'calls.participants.startHoldMusic(callId, participantId, options)',
      options: obj([
        ['prompt', has(body, 'customPrompt') ? promptInput(body['customPrompt']) : undefined],
        context,
        ['annotate', has(body, 'customPrompt') ? annotateOf(body['customPrompt']) : undefined],
      ]),
    };
  },
};

/** The options expression and the client method for one action's body. */
function optionsFor(name: CallActionName, body: Json): { builder: string; clientCall: string; options: Expr } | undefined {
  const context: ContextEntry = ['clientContext', opt(body, 'clientContext')];
  const contextOnly = CONTEXT_ONLY[name];
  if (contextOnly !== undefined) return { builder: name, clientCall: contextOnly, options: obj([context]) };
  const options = ACTION_OPTIONS[name]?.(body, context);
  return options === undefined ? undefined : { builder: name, ...options };
}

/**
 * Works out which action builder reproduces a documented action body, for the docs' TypeScript
 * tab. Returns `undefined` for actions without a body builder (create call has its own, see
 * `builderCallFor`; get, delete and keepAlive send no body).
 */
export function actionCallFor(name: CallActionName, body: unknown): ActionBuilderCall | undefined {
  const found = optionsFor(name, asRecord(body));
  if (found === undefined) return undefined;
  const expr = call(found.builder, [found.options]);
  const imports = [...new Set(expr.imports)].sort();
  const code = `import { ${imports.join(', ')} } from '@graph-calling/builders';\n\n// Sent by client.${found.clientCall} (@graph-calling/transport).\nexport const request = ${expr.code('')};\n`;
  return { builder: found.builder, clientCall: `client.${found.clientCall}`, code, build: () => expr.build() };
}

/** {@link actionCallFor}'s snippet, with a comment listing how the builders' body differs from the given one. */
export function actionToTypeScript(name: CallActionName, body: unknown): string | undefined {
  const recipe = actionCallFor(name, body);
  if (recipe === undefined) return undefined;
  let notes: string[];
  try {
    notes = diffJson(body, recipe.build()).map((d) => `//   ${d}`);
    if (notes.length > 0) notes.unshift('// The builders produce a different body than the one given:');
  } catch (error) {
    notes = [`// The builders refuse this body: ${error instanceof Error ? error.message : String(error)}`];
  }
  return notes.length === 0 ? recipe.code : `${recipe.code}\n${notes.join('\n')}\n`;
}
