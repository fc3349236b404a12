import { previewJson } from '@graph-calling/models';
import type { ChatInfo } from '@graph-calling/models';
import { BuilderError } from './BuilderError';
import { type, type Annotate } from './render';
import { record, text } from './validate';

/** The meeting's chat thread: `threadId` like `19:meeting_…@thread.v2`, `messageId` `"0"` for scheduled meetings. */
export interface ChatInfoInput {
  readonly threadId: string;
  readonly messageId: string;
  readonly replyChainMessageId?: string | null;
}

export function chatInfoOf(value: unknown, annotate: Annotate): ChatInfo {
  const o = record('chatInfo', value);
  const threadId = text('chatInfo.threadId', o['threadId']);
  if (!/^19:.+@thread\.[a-z0-9]+$/i.test(threadId)) {
    throw new BuilderError(
      'invalid-value',
      'chatInfo.threadId',
      'a Teams thread id (19:…@thread.v2, @thread.skype or @thread.tacv2)',
      previewJson(threadId),
    );
  }
  const messageId = text('chatInfo.messageId', o['messageId'], 64);
  const reply = o['replyChainMessageId'];
  return {
    ...type('chatInfo', annotate),
    threadId,
    messageId,
    ...(reply === null
      ? { replyChainMessageId: null }
      : reply !== undefined
        ? { replyChainMessageId: text('chatInfo.replyChainMessageId', reply, 64) }
        : {}),
  };
}
