import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';

const ChatInfoCodec = graphObject(
  'chatInfo',
  ['chatInfo'],
  {},
  {
    threadId: nullable(t.string),
    messageId: nullable(t.string),
    replyChainMessageId: nullable(t.string),
  },
);

/** The meeting chat thread a meeting join names. */
export interface ChatInfo extends t.TypeOf<typeof ChatInfoCodec> {}
/** The codec of {@link ChatInfo}: decode with it, or use it in other codecs. */
export const ChatInfo: Codec<ChatInfo> = ChatInfoCodec;
