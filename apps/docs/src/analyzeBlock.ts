import { builderCallFor, diffJson, requiredPermissions, type BuilderCall, type PermissionRequirement } from '@graph-calling/builders';
import type { DocBlock } from '@graph-calling/doc-examples';
import { Call, CallRequest, CommsNotifications, decode, type DecodeIssue } from '@graph-calling/models';
import { NotificationBodyError, parseNotifications, reduceCall, type CallRecord } from '@graph-calling/notifications';
import { positionOf } from './jsonPosition';

/** Validation status of an example, as examples.json reports it. */
export type ExampleStatus = 'valid' | 'valid-with-warnings' | 'invalid' | 'not-json';

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
  readonly diagnostics: readonly ExampleDiagnostic[];
  readonly permissions?: PermissionRequirement;
  /** The builder call that produces this request (requests only). */
  readonly recipe?: BuilderCall;
  /** How the builders' request differs from the documented one (documented defects). */
  readonly differences?: readonly string[];
  /** Why the builders refuse the documented request, if they do. */
  readonly refused?: string;
  /** The typed events a receiver emits for this notification. */
  readonly events?: readonly string[];
  readonly eventsError?: string;
}

const codecFor = { request: CallRequest, response: Call, notification: CommsNotifications } as const;

/** Decodes and classifies one block: status, diagnostics, permissions, builder recipe, events. */
export function analyzeBlock(block: DocBlock): ExampleAnalysis {
  const json = block.json;
  const fromDocs: ExampleDiagnostic[] = block.diagnostics.map((d) => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    line: d.line,
    column: d.column,
    ...(d.path !== undefined ? { path: d.path } : {}),
  }));
  if (json === undefined) return { block, status: 'not-json', diagnostics: fromDocs };
  const codec = block.kind === 'request' || block.kind === 'response' || block.kind === 'notification' ? codecFor[block.kind] : undefined;
  const diagnostics = [...fromDocs];
  let decodeErrors = 0;
  if (codec !== undefined && json.value !== undefined) {
    const result = decode(codec, json.value);
    decodeErrors = result.errors.length;
    const place = (issue: DecodeIssue, severity: 'error' | 'warning'): ExampleDiagnostic => ({
      severity,
      code: issue.code,
      message: issue.message,
      path: issue.path,
      ...positionOf(json.text, issue.path, json.line),
    });
    diagnostics.push(...result.errors.map((i) => place(i, 'error')), ...result.warnings.map((i) => place(i, 'warning')));
  }
  const invalid = decodeErrors > 0 || diagnostics.some((d) => d.severity === 'error');
  const warned = diagnostics.some((d) => d.severity === 'warning');
  const status: ExampleStatus = invalid ? 'invalid' : warned ? 'valid-with-warnings' : 'valid';
  const base = { block, status, diagnostics, ...(codec ? { codec: codec.name } : {}) };
  if (block.kind === 'request' && !invalid && codec === CallRequest) {
    const request = json.value as CallRequest;
    const recipe = builderCallFor(request);
    try {
      const built = recipe.build();
      return { ...base, permissions: requiredPermissions(request), recipe, differences: diffJson(request, built) };
    } catch (error) {
      return {
        ...base,
        permissions: requiredPermissions(request),
        recipe,
        refused: error instanceof Error ? error.message : String(error),
      };
    }
  }
  if (block.kind === 'notification' && !invalid) {
    try {
      const records = new Map<string, CallRecord>();
      const events: string[] = [];
      for (const n of parseNotifications(json.value).notifications) {
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
      return { ...base, events };
    } catch (error) {
      return { ...base, eventsError: error instanceof NotificationBodyError ? error.message : String(error) };
    }
  }
  return base;
}
