import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';

const ResultInfoCodec = graphObject(
  'resultInfo',
  ['resultInfo'],
  {},
  {
    code: t.number,
    subcode: t.number,
    message: nullable(t.string),
  },
);

/** The outcome of a call or operation: code, subcode and message. */
export interface ResultInfo extends t.TypeOf<typeof ResultInfoCodec> {}
/** The codec of {@link ResultInfo}: decode with it, or use it in other codecs. */
export const ResultInfo: Codec<ResultInfo> = ResultInfoCodec;
