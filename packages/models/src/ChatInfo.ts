import * as t from 'io-ts';
import { graphObject, nullable } from './codec/graphObject';

/** The meeting chat thread a meeting join names. */
export const ChatInfo = graphObject(
  'chatInfo',
  ['chatInfo'],
  {},
  {
    threadId: nullable(t.string),
    messageId: nullable(t.string),
    replyChainMessageId: nullable(t.string),
  },
);
export type ChatInfo = t.TypeOf<typeof ChatInfo>;
