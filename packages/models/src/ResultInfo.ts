import * as t from 'io-ts';
import { graphObject, nullable } from './codec/graphObject';

/** The outcome of a call or operation: code, subcode and message. */
export const ResultInfo = graphObject(
  'resultInfo',
  ['resultInfo'],
  {},
  {
    code: t.number,
    subcode: t.number,
    message: nullable(t.string),
  },
);
export type ResultInfo = t.TypeOf<typeof ResultInfo>;
