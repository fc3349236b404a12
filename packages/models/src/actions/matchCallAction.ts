import { CALL_ACTIONS, type CallAction } from './callActions';

/** A request line read as a calls API operation. */
export interface MatchedCallAction {
  readonly action: CallAction;
  /** `callId` and `participantId` as the path gives them (placeholders such as `{id}` included). */
  readonly params: { readonly callId?: string; readonly participantId?: string };
  /** The path was the deprecated `/app/calls` (or `/applications/{id}/calls`) form. */
  readonly legacy: boolean;
}

const VERSION = /^(?:v1\.0|beta)$/i;

function segmentsOf(target: string): string[] {
  let path = target.trim();
  if (/^https?:\/\//i.test(path)) {
    const scheme = path.indexOf('//') + 2;
    const slash = path.indexOf('/', scheme);
    path = slash < 0 ? '/' : path.slice(slash);
  }
  path = path.replace(/[?#].*$/, '');
  // Graph pages write bound actions qualified too: `…/{id}/microsoft.graph.sendDtmfTones`.
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/^microsoft\.graph\./i, ''));
  if (segments[0] !== undefined && VERSION.test(segments[0])) segments.shift();
  // 2019 beta pages address calls as /applications/{id}/calls/…: the same resource as /app/calls.
  if (segments[0]?.toLowerCase() === 'applications' && segments[2]?.toLowerCase() === 'calls') segments.splice(0, 2, 'app');
  return segments;
}

function match(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = template.split('/').filter((s) => s !== '');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string;
    const segment = segments[i] as string;
    if (part.startsWith('{')) {
      params[part.slice(1, -1)] = safeDecode(segment);
    } else if (part.toLowerCase() !== segment.toLowerCase()) return undefined;
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Reads a request line — `POST https://graph.microsoft.com/v1.0/communications/calls/{id}/answer`,
 * `POST /app/calls/57da…/playPrompt`, `POST …/{id}/microsoft.graph.sendDtmfTones` — as one of
 * {@link CALL_ACTIONS}. Host, version prefix, query, a `microsoft.graph.` qualifier on a segment
 * and letter case of fixed segments do not matter. Returns `undefined` for anything else.
 */
export function matchCallAction(method: string, target: string): MatchedCallAction | undefined {
  const segments = segmentsOf(target);
  const verb = method.toUpperCase();
  // Fixed segments win over parameters: `participants/invite` is the action, not a participant id.
  let best: { action: CallAction; params: Record<string, string>; legacy: boolean; fixed: number } | undefined;
  for (const action of Object.values<CallAction>(CALL_ACTIONS)) {
    if (action.method !== verb) continue;
    for (const [template, legacy] of [
      [action.path, false],
      [action.legacyPath, true],
    ] as const) {
      if (template === undefined) continue;
      const params = match(template, segments);
      if (params === undefined) continue;
      const fixed = template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length;
      if (best === undefined || fixed > best.fixed) best = { action, params, legacy, fixed };
    }
  }
  return best === undefined ? undefined : { action: best.action, params: best.params, legacy: best.legacy };
}
