import * as t from 'io-ts';
import { nullable } from '../codec/graphObject';

/**
 * The JSON body of a Graph action (`POST …/answer`): required and optional parameters, open
 * like every Graph type (unknown parameters pass through). Action bodies are not Graph
 * resources and carry no `@odata.type`.
 */
export function actionBody<R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) {
  return t.intersection([t.type(required, name), t.partial(optional, name)], name);
}

/** `clientContext`: the caller's correlation string that Graph echoes in the operation (at most 256 characters). */
export const clientContext = { clientContext: nullable(t.string) };
