import { Call } from './Call';
import { CallRequest } from './CallRequest';
import { CommsNotifications } from './CommsNotifications';
import { decodeOrThrow, type DecodeOptions } from './decode';
import { Participant } from './Participant';

/** Decodes a call (JSON text or value) or throws a `DecodeError`. */
export const parseCall = (input: unknown, options?: DecodeOptions): Call => decodeOrThrow(Call, input, options);

/** Decodes a create-call request body or throws a `DecodeError`. */
export const parseCallRequest = (input: unknown, options?: DecodeOptions): CallRequest => decodeOrThrow(CallRequest, input, options);

/** Decodes a participant or throws a `DecodeError`. */
export const parseParticipant = (input: unknown, options?: DecodeOptions): Participant => decodeOrThrow(Participant, input, options);

/** Decodes a callback body (`commsNotifications`) or throws a `DecodeError`. */
export const parseCommsNotifications = (input: unknown, options?: DecodeOptions): CommsNotifications =>
  decodeOrThrow(CommsNotifications, input, options);
