import { actionCallFor, actionPermissions, builderCallFor, diffJson, requiredPermissions } from '@graph-calling/builders';
import type { DocBlock } from '@graph-calling/doc-examples';
import { CallRequest, decode, type CallAction, type DecodeIssue, type GraphVersion } from '@graph-calling/models';
import {
  NotificationBodyError,
  parseNotifications,
  reduceCall,
  tolerateNullParticipantIds,
  type CallRecord,
} from '@graph-calling/notifications';
import { checkTemplate } from './checkTemplate';
import { chooseCodec, type RequestLine } from './chooseCodec';
import { positionOf } from './jsonPosition';

/**
 * Validation status of an example, as examples.json reports it. `not-validated`: the body is
 * JSON, but no codec describes it (an action or resource the models do not know yet, a fragment);
 * the reason is an `info` diagnostic. `template`: a resource page's JSON representation (type
 * names, `a | b` lists), checked as a template against the version table — never given a payload
 * verdict; what is wrong with it is in its warnings.
 */
export type ExampleStatus = 'valid' | 'valid-with-warnings' | 'invalid' | 'not-json' | 'not-validated' | 'template';

/** What an example needs: one of `anyOf` and all of `allOf`; `scenario` names the create-call scenario or the action. */
export interface ExamplePermissions {
  readonly scenario: string;
  readonly anyOf: readonly string[];
  readonly allOf: readonly string[];
}

/** The builder call that reproduces a request, as the TypeScript tab shows it. */
export interface ExampleRecipe {
  readonly builder: string;
  readonly code: string;
  readonly build: () => unknown;
}

/** One finding, at a page line and column. */
export interface ExampleDiagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly path?: string;
}

/** Everything the site shows about one fenced block. */
export interface ExampleAnalysis {
  readonly block: DocBlock;
  readonly status: ExampleStatus;
  /** The models codec the body was decoded with. */
  readonly codec?: string;
  /** The calls API action the request line names (requests, and responses paired with one). */
  readonly action?: string;
  readonly diagnostics: readonly ExampleDiagnostic[];
  readonly permissions?: ExamplePermissions;
  /** The builder call that produces this request (requests only). */
  readonly recipe?: ExampleRecipe;
  /** How the builders' request differs from the documented one (documented defects). */
  readonly differences?: readonly string[];
  /** Why the builders refuse the documented request, if they do. */
  readonly refused?: string;
  /** The typed events a receiver emits for this notification. */
  readonly events?: readonly string[];
  readonly eventsError?: string;
}

/** Options of {@link analyzeBlock}. */
export interface AnalyzeOptions {
  /** The request line of the page's request this block answers (for a response without its own type). */
  readonly request?: RequestLine;
  /**
   * The Graph version the page documents. Given, bodies are checked in docs mode against that
   * version's table (other-version, unknown and misspelt properties, enum case, placeholders, empty
   * ids, missing properties), each finding a warning with its JSON path.
   */
  readonly version?: GraphVersion;
}

/**
 * Decodes and classifies one block: status, diagnostics, permissions, builder recipe, events.
 * The codec comes from the request line (method + path → action), the `@odata.type`, and for
 * notifications the body's shape; a body none of them identifies is `not-validated`.
 */
export function analyzeBlock(block: DocBlock, options: AnalyzeOptions = {}): ExampleAnalysis {
  const json = block.json;
  const fromDocs = docsDiagnostics(block);
  if (json === undefined) return { block, status: 'not-json', diagnostics: fromDocs };
  fromDocs.push(...annotationProblems(block));
  if (block.annotation?.blockType?.toLowerCase() === 'resource') return analyzeTemplate(block, json, fromDocs, options.version);
  const choice = chooseCodec(block, json.value, options.request);
  const codec = choice.codec;
  const diagnostics = [...fromDocs];
  let decodeErrors = 0;
  if (codec !== undefined && json.value !== undefined) {
    const found = decodeDiagnostics(block, json, codec, options.version);
    decodeErrors = found.errors;
    diagnostics.push(...found.diagnostics);
  } else {
    // Nothing ran: never `valid`.
    const reason =
      choice.reason ??
      `no codec describes this ${block.kind === 'json' ? 'JSON fragment' : `${block.kind} body`}, so it is shown, not validated`;
    diagnostics.push({ severity: 'info', code: 'not-validated', message: reason, line: json.line, column: 1 });
  }
  const invalid = decodeErrors > 0 || diagnostics.some((d) => d.severity === 'error');
  const warned = diagnostics.some((d) => d.severity === 'warning');
  const unchecked = codec === undefined;
  const status: ExampleStatus = invalid ? 'invalid' : unchecked ? 'not-validated' : warned ? 'valid-with-warnings' : 'valid';
  const base = {
    block,
    status,
    diagnostics,
    ...(codec ? { codec: codec.name } : {}),
    ...(choice.action ? { action: choice.action.name } : {}),
  };
  if (block.kind === 'request' && !invalid && codec === CallRequest) return { ...base, ...createCallRecipe(json.value as CallRequest) };
  if (block.kind === 'request' && choice.action !== undefined) return { ...base, ...actionRecipe(choice.action, json.value, invalid) };
  if (block.kind === 'notification' && !invalid) return { ...base, ...notificationEvents(json.value) };
  return base;
}

/** What the page's reader noted (syntax tolerated, placeholders). */
function docsDiagnostics(block: DocBlock): ExampleDiagnostic[] {
  return block.diagnostics.map((d) => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    line: d.line,
    column: d.column,
    ...(d.path !== undefined ? { path: d.path } : {}),
  }));
}

/** A block annotation whose `@odata.type` is not a qualified type name. */
function annotationProblems(block: DocBlock): ExampleDiagnostic[] {
  const annotated = block.annotation?.odataType;
  if (annotated === undefined || /^#?microsoft\.graph\.[A-Za-z]\w*$/.test(annotated)) return [];
  return [
    {
      severity: 'warning',
      code: 'annotation-odata-type',
      message: `the annotation's @odata.type ${JSON.stringify(annotated)} is not a qualified type name (microsoft.graph.<type>)`,
      line: block.annotation?.line ?? block.line,
      column: 1,
    },
  ];
}

/** The codec's errors and warnings, placed on the page's lines. */
function decodeDiagnostics(
  block: DocBlock,
  json: NonNullable<DocBlock['json']>,
  codec: NonNullable<ReturnType<typeof chooseCodec>['codec']>,
  version: GraphVersion | undefined,
): { readonly errors: number; readonly diagnostics: ExampleDiagnostic[] } {
  // What Graph sends is received (a roster participant's `"id": null`): the docs show the receiver's warning.
  const tolerated = block.kind === 'notification' ? tolerateNullParticipantIds(json.value) : { body: json.value, warnings: [] };
  const result = decode(codec, tolerated.body, version ? { version, strict: true } : {});
  const place = (issue: DecodeIssue, severity: 'error' | 'warning'): ExampleDiagnostic => ({
    severity,
    code: issue.code,
    message: issue.message,
    path: issue.path,
    ...positionOf(json.text, issue.path, json.line),
  });
  return {
    errors: result.errors.length,
    diagnostics: [
      ...result.errors.map((i) => place(i, 'error')),
      ...tolerated.warnings.map((i) => place(i, 'warning')),
      ...result.warnings.map((i) => place(i, 'warning')),
    ],
  };
}

/** The builder call that reproduces a valid create-call request, its permissions, and how it differs or why it is refused. */
function createCallRecipe(request: CallRequest): Pick<ExampleAnalysis, 'permissions' | 'recipe' | 'differences' | 'refused'> {
  const recipe = builderCallFor(request);
  const permissions = requiredPermissions(request);
  try {
    return { permissions, recipe, differences: diffJson(request, recipe.build()) };
  } catch (error) {
    return { permissions, recipe, refused: error instanceof Error ? error.message : String(error) };
  }
}

/** The typed events a receiver emits for a notification body, one line each. */
function notificationEvents(body: unknown): Pick<ExampleAnalysis, 'events' | 'eventsError'> {
  try {
    const records = new Map<string, CallRecord>();
    const events: string[] = [];
    for (const n of parseNotifications(body).notifications) {
      const { record, events: produced } = reduceCall(records.get(n.callId ?? ''), n);
      records.set(n.callId ?? '', record);
      events.push(
        ...produced.map((e) =>
          e.type === 'call.stateChanged'
            ? `${e.type}: ${e.previousState ?? '—'} → ${e.state}`
            : `${e.type}${'participant' in e && e.participant?.id ? ` (${e.participant.id})` : ''}`,
        ),
      );
    }
    return { events };
  } catch (error) {
    return { eventsError: error instanceof NotificationBodyError ? error.message : String(error) };
  }
}

/** A resource page's JSON representation: checked as a template, never decoded as a payload. */
function analyzeTemplate(
  block: DocBlock,
  json: NonNullable<DocBlock['json']>,
  fromDocs: readonly ExampleDiagnostic[],
  version: GraphVersion | undefined,
): ExampleAnalysis {
  const info = (message: string): ExampleDiagnostic => ({ severity: 'info', code: 'not-validated', message, line: json.line, column: 1 });
  if (block.odataType === undefined)
    return {
      block,
      status: 'not-validated',
      diagnostics: [...fromDocs, info('a resource template without an @odata.type: nothing says which type it shows')],
    };
  const check = checkTemplate(block.odataType, json.value, version);
  if (check.type === undefined)
    return {
      block,
      status: 'not-validated',
      diagnostics: [...fromDocs, info(`a resource template of ${block.odataType}, a type the version table does not describe`)],
    };
  const diagnostics: ExampleDiagnostic[] = [
    ...fromDocs,
    {
      severity: 'info',
      code: 'template',
      message: `resource template of ${check.type}: checked against the Graph ${version ?? 'v1.0'} table (properties, types, enum values), not as a payload`,
      line: json.line,
      column: 1,
    },
    ...check.findings.map((f): ExampleDiagnostic => ({
      severity: 'warning',
      code: f.code,
      message: `${f.path}: ${f.message}`,
      path: f.path,
      ...positionOf(json.text, f.path, json.line),
    })),
  ];
  return { block, status: 'template', diagnostics };
}

/** Permissions and, for a valid body, the builder call and client method that send it. */
function actionRecipe(
  action: CallAction,
  body: unknown,
  invalid: boolean,
): Pick<ExampleAnalysis, 'permissions' | 'recipe' | 'differences' | 'refused'> {
  const media = (body as { mediaConfig?: { '@odata.type'?: unknown; blob?: unknown } } | null)?.mediaConfig;
  const appHosted =
    action.name === 'answer' && (media?.['@odata.type'] === '#microsoft.graph.appHostedMediaConfig' || media?.blob !== undefined);
  const need = actionPermissions(action.name, { appHostedMedia: appHosted });
  const permissions = { scenario: action.name, anyOf: need.anyOf, allOf: need.allOf };
  const recipe = invalid ? undefined : actionCallFor(action.name, body);
  if (recipe === undefined) return { permissions };
  try {
    return { permissions, recipe, differences: diffJson(body, recipe.build()) };
  } catch (error) {
    return { permissions, recipe, refused: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The request line of the last request before block `index` on a page: what a response answers.
 * Pass it as `analyzeBlock(block, { request })` so a response without an `@odata.type` is read
 * with its action's answer codec.
 */
export function requestBefore(blocks: readonly DocBlock[], index: number): RequestLine | undefined {
  for (let i = Math.min(index, blocks.length) - 1; i >= 0; i -= 1) {
    const http = blocks[i]?.http;
    if (blocks[i]?.kind === 'request' && http?.kind === 'request') return { method: http.method, target: http.target };
  }
  return undefined;
}
