import { openEnum } from '../codec/openEnum';

/**
 * Where a long-running operation is. Graph's enum page spells the values in PascalCase and its
 * examples use both spellings (`Running`, `running`), so both decode without a warning; compare
 * with {@link isOperationStatus}.
 */
export const OperationStatus = openEnum('operationStatus', [
  'notStarted',
  'running',
  'completed',
  'failed',
  'NotStarted',
  'Running',
  'Completed',
  'Failed',
] as const);
export type OperationStatus = (typeof OperationStatus)['_A'];

/** True when `status` names `wanted`, whichever spelling Graph used. */
export function isOperationStatus(status: unknown, wanted: 'notStarted' | 'running' | 'completed' | 'failed'): boolean {
  return typeof status === 'string' && status.toLowerCase() === wanted.toLowerCase();
}
