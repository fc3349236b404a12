import { isRecord } from '@graph-calling/models';
import { CommsOperation, type Participant } from '@graph-calling/models';
import type { ResourcePath } from './resourceUrl';

/** An operation notification's resource: the operation, typed by its subtype. */
export interface OperationResource {
  readonly kind: 'operation';
  /** From the resource URL, else from the operation's `id` (invitation completions carry neither). */
  readonly operationId?: string;
  /** The subtype name: `playPromptOperation`, `recordOperation`, … (`commsOperation` when unknown). */
  readonly operationType: string;
  readonly operation: CommsOperation;
}

/** A roster Graph delivers under the operation that caused it (`…/operations/participants`). */
export interface OperationRosterResource {
  readonly kind: 'participants';
  readonly participants: readonly Participant[];
}

const PREFIX = '#microsoft.graph.';

/**
 * Reads the resource of a notification whose URL is `…/calls/{id}/operations/{x}`. Graph uses
 * that URL for two things: an operation's progress (one object), and — after an invitation,
 * as `…/operations/participants` — the roster update the invitation caused (an array of
 * participants). The data's shape tells them apart.
 */
export function operationResource(
  path: Extract<ResourcePath, { kind: 'operation' }>,
  data: unknown,
): OperationResource | OperationRosterResource {
  if (Array.isArray(data)) return { kind: 'participants', participants: data.filter(isRecord) };
  const operation = (isRecord(data) ? data : {}) as CommsOperation;
  const declared = operation['@odata.type'];
  const operationType =
    typeof declared === 'string' && declared.startsWith(PREFIX)
      ? declared.slice(PREFIX.length)
      : (CommsOperation.select(operation)?.name ?? 'commsOperation');
  // `operations/participants` names the invitation's roster, not an operation id.
  const fromUrl = path.operationId !== undefined && path.operationId.toLowerCase() !== 'participants' ? path.operationId : undefined;
  const operationId = fromUrl ?? (typeof operation.id === 'string' ? operation.id : undefined);
  return { kind: 'operation', ...(operationId !== undefined ? { operationId } : {}), operationType, operation };
}
