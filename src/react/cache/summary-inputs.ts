// What a summary edit needs from the other caches (summaries/summary-edits reads none but its
// own): the thread's participants, for names, and for a deletion the message before it in the
// thread's loaded lists. Every caller of the reducer finds them here, before it edits anything.
import type { QueryClient } from '@tanstack/react-query';
import { chatKeys } from '../chat-keys.ts';
import { knownMessages } from '../records/tombstones.ts';
import type { SummaryInputs } from '../summaries/summary-edits.ts';
import type { ChatEvent, ChatKeyScope } from '../types.ts';
import { visibleMessages, type MessageListData } from './message-lists.ts';

export function summaryInputs(
  queryClient: QueryClient,
  scope: ChatKeyScope,
  event: ChatEvent,
): SummaryInputs {
  if (!('threadId' in event)) return {};
  const { threadId } = event;
  const keys = chatKeys(scope);
  const participants = queryClient.getQueryData(keys.participants(threadId));
  // A deletion, or a copy that comes deleted (a poll's, or one whose deletion was heard first).
  const deleted =
    event.type === 'messageDeleted'
      ? event.messageId
      : event.type === 'messageReceived' &&
          knownMessages(queryClient, scope, threadId, [event.message])[0]!.deletedOn !== undefined
        ? event.message.id
        : undefined;
  if (deleted === undefined) return { participants };
  const lists = queryClient.getQueriesData<MessageListData>({
    queryKey: keys.messageLists(threadId),
  });
  for (const [, data] of lists) {
    const before = data && visibleMessages(data, false).find((m) => m.id !== deleted);
    if (before) return { participants, before };
  }
  return { participants };
}
