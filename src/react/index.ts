'use client';
// react-acs-chat: the core client's public API, plus the React layer over TanStack Query v5.
export * from '../core/index.ts';

export { ChatProvider, useChatClient, useChatScope } from './chat-provider.tsx';
export type { ChatProviderProps } from './chat-provider.tsx';
export { chatKeys } from './chat-keys.ts';
export type { ChatKeys, MessagesKeyOptions, ThreadsKeyOptions } from './chat-keys.ts';
export {
  messagesQuery,
  participantsQuery,
  readReceiptsQuery,
  threadQuery,
  threadsQuery,
  threadSummaryQuery,
} from './chat-queries.ts';
export type { MessagesQueryOptions, ThreadsQueryOptions } from './chat-queries.ts';
export type { ChatMutationOptions } from './mutation-options.ts';
export { useChatThreads, useSuspenseChatThreads } from './hooks/use-chat-threads.ts';
export type { UseChatThreadsOptions } from './hooks/use-chat-threads.ts';
export { createThreadMutation, useCreateChatThread } from './hooks/use-create-chat-thread.ts';
export type { CreateChatThreadVariables } from './hooks/use-create-chat-thread.ts';
export { deleteThreadMutation, useDeleteChatThread } from './hooks/use-delete-chat-thread.ts';
export { useChatThreadClient } from './hooks/use-chat-thread-client.ts';
export { useChatThread } from './hooks/use-chat-thread.ts';
export { updateThreadMutation, useUpdateChatThread } from './hooks/use-update-chat-thread.ts';
export type { UpdateChatThreadVariables } from './hooks/use-update-chat-thread.ts';
export { useChatMessages } from './hooks/use-chat-messages.ts';
export type { UseChatMessagesOptions } from './hooks/use-chat-messages.ts';
export { sendMessageMutation, useSendChatMessage } from './hooks/use-send-chat-message.ts';
export { updateMessageMutation, useUpdateChatMessage } from './hooks/use-update-chat-message.ts';
export type { UpdateChatMessageVariables } from './hooks/use-update-chat-message.ts';
export { deleteMessageMutation, useDeleteChatMessage } from './hooks/use-delete-chat-message.ts';
export { useChatParticipants } from './hooks/use-chat-participants.ts';
export {
  addParticipantsMutation,
  useAddChatParticipants,
} from './hooks/use-add-chat-participants.ts';
export {
  removeParticipantMutation,
  useRemoveChatParticipant,
} from './hooks/use-remove-chat-participant.ts';
export { useReadReceipts } from './hooks/use-read-receipts.ts';
export type { UseReadReceiptsOptions } from './hooks/use-read-receipts.ts';
export { sendReadReceiptMutation, useSendReadReceipt } from './hooks/use-send-read-receipt.ts';
export { useChatThreadSummary } from './hooks/use-chat-thread-summary.ts';
export { maxCountedUnread } from './summaries/thread-summary.ts';
export { useMarkChatThreadRead } from './hooks/use-mark-chat-thread-read.ts';
export type { UseMarkChatThreadReadOptions } from './hooks/use-mark-chat-thread-read.ts';
export { useUnreadChatCount } from './hooks/use-unread-chat-count.ts';
export { chatMessageText } from './summaries/message-text.ts';
export type { ChatMessageTextOptions } from './summaries/message-text.ts';
export { useTypingNotifier } from './hooks/use-typing-notifier.ts';
export type { UseTypingNotifierOptions } from './hooks/use-typing-notifier.ts';
export { applyChatEvent } from './cache/apply-chat-event.ts';
export { useChatConnection, useChatConnectionError } from './hooks/use-chat-connection.ts';
export { useTypingIndicators } from './hooks/use-typing-indicators.ts';
export type { ChatConnectionState, TypingIndicator } from './realtime/chat-realtime.ts';
export type * from './realtime/realtime-source.ts';
export type {
  ChatEvent,
  ChatKeyScope,
  ChatMessageItem,
  ChatMessagesPage,
  ChatScope,
  ChatThreadSummary,
  ChatThreadSummaryMessage,
  ChatThreadsPage,
  OutgoingMessage,
  SendChatMessageVariables,
} from './types.ts';
