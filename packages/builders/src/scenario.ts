// The classifier lives in the models' call-actions table, so builders, transport, simulator and
// docs share one rule; the builders re-export it under the names they have always used.
export { callScenario, identityKind, isGuestSource } from '@graph-calling/models';
export type { CallScenario } from '@graph-calling/models';
