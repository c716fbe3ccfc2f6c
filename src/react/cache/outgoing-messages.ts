// Messages being sent from here, or that failed, live where TanStack keeps them: in the mutation
// cache, as the send mutations' state ("optimistic updates via the UI"). The query cache holds only
// what the service listed, sent back or pushed, so polls, events and sends all merge into it by id
// without waiting for each other. useChatMessages composes the two lists when it reads them.
import { getIdentifierRawId, type ChatError } from '../../core/index.ts';
import type { ChatMessageItem, OutgoingMessage, SendChatMessageVariables } from '../types.ts';

/** What is read of a send mutation (structural: the cache types its mutations with the app's error). */
export interface SendMutation {
  mutationId: number;
  state: { status: string; variables?: unknown; submittedAt: number; error: unknown };
}

/** What the list shows of one send still in the mutation cache (plain data, so it compares deeply). */
export interface Outgoing {
  clientMessageId: string;
  status: 'pending' | 'failed';
  submittedAt: number;
  variables: SendChatMessageVariables;
  error: ChatError | null;
}

/** A send's local id: the one it was given (a retry keeps its message's), else one per mutation. */
export const localId = ({ mutationId, state }: SendMutation) =>
  (state.variables as SendChatMessageVariables | undefined)?.clientMessageId ??
  `local:${mutationId}`;

/** The sends a list shows: in flight (or paused offline), or failed and not yet retried or discarded. */
export function outgoing(mutation: SendMutation): Outgoing | null {
  const { status, variables, submittedAt, error } = mutation.state;
  if (variables === undefined || (status !== 'pending' && status !== 'error')) return null;
  return {
    clientMessageId: localId(mutation),
    status: status === 'pending' ? 'pending' : 'failed',
    submittedAt,
    variables: variables as SendChatMessageVariables,
    // The send's mutationFn rejects with ChatErrors only.
    error: error as ChatError | null,
  };
}

// How far the service's clock may be behind ours for a message to count as a send's echo.
const clockSkewMs = 120_000;

/**
 * The list a screen shows, newest first: sends from here at the top, then the server's messages.
 * A pending send whose own message already came back (by an event or a poll, before the POST
 * answered) is shown once, as the server's message carrying the send's clientMessageId, so a list
 * keyed by `clientMessageId ?? id` keeps one element from pending to sent.
 */
export function withOutgoing(
  server: ChatMessageItem[],
  sends: readonly (Outgoing | null)[],
  userId: string,
): ChatMessageItem[] {
  const local = sends.filter((s) => s !== null).sort((a, b) => b.submittedAt - a.submittedAt);
  if (local.length === 0) return server;
  const echoes = new Map<ChatMessageItem, string>();
  const shown: ChatMessageItem[] = [];
  // Oldest send first, matched with the oldest unclaimed message of ours with the same content.
  for (const send of [...local].reverse()) {
    // Sent: the service's copy, tagged by the send's onSuccess, is listed.
    if (server.some((m) => m.clientMessageId === send.clientMessageId)) continue;
    const echo =
      send.status === 'pending'
        ? server.findLast(
            (m) =>
              !echoes.has(m) &&
              m.clientMessageId === undefined &&
              m.sender !== undefined &&
              getIdentifierRawId(m.sender) === userId &&
              m.content?.message === send.variables.content &&
              m.createdOn.getTime() >= send.submittedAt - clockSkewMs,
          )
        : undefined;
    if (echo) echoes.set(echo, send.clientMessageId);
    else shown.unshift(localItem(send, userId));
  }
  const merged =
    echoes.size === 0
      ? server
      : server.map((m) => {
          const clientMessageId = echoes.get(m);
          return clientMessageId === undefined ? m : { ...m, clientMessageId };
        });
  return [...shown, ...merged];
}

function localItem(send: Outgoing, userId: string): ChatMessageItem {
  const { clientMessageId, status, variables, submittedAt, error } = send;
  const item: ChatMessageItem = {
    ...outgoingMessage(clientMessageId, variables, userId),
    createdOn: new Date(submittedAt),
    clientMessageId,
    status,
  };
  if (error) item.error = error;
  return item;
}

/** A message as we sent it: `id` is the local id until the server gives one. */
export function outgoingMessage(
  id: string,
  message: OutgoingMessage,
  senderId: string,
): ChatMessageItem {
  return {
    id,
    type: message.type ?? 'text',
    sequenceId: '',
    version: '',
    content: { message: message.content },
    senderDisplayName: message.senderDisplayName,
    createdOn: new Date(),
    sender: { kind: 'communicationUser', communicationUserId: senderId },
    metadata: message.metadata,
  };
}
