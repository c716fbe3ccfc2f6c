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
export { useChatThreads, useSuspenseChatThreads } from './use-chat-threads.ts';
export type { UseChatThreadsOptions } from './use-chat-threads.ts';
export { createThreadMutation, useCreateChatThread } from './use-create-chat-thread.ts';
export type { CreateChatThreadVariables } from './use-create-chat-thread.ts';
export { deleteThreadMutation, useDeleteChatThread } from './use-delete-chat-thread.ts';
export { useChatThreadClient } from './use-chat-thread-client.ts';
export { useChatThread } from './use-chat-thread.ts';
export { updateThreadMutation, useUpdateChatThread } from './use-update-chat-thread.ts';
export type { UpdateChatThreadVariables } from './use-update-chat-thread.ts';
export { useChatMessages } from './use-chat-messages.ts';
export type { UseChatMessagesOptions } from './use-chat-messages.ts';
export { sendMessageMutation, useSendChatMessage } from './use-send-chat-message.ts';
export { updateMessageMutation, useUpdateChatMessage } from './use-update-chat-message.ts';
export type { UpdateChatMessageVariables } from './use-update-chat-message.ts';
export { deleteMessageMutation, useDeleteChatMessage } from './use-delete-chat-message.ts';
export { useChatParticipants } from './use-chat-participants.ts';
export { addParticipantsMutation, useAddChatParticipants } from './use-add-chat-participants.ts';
export {
  removeParticipantMutation,
  useRemoveChatParticipant,
} from './use-remove-chat-participant.ts';
export { useReadReceipts } from './use-read-receipts.ts';
export type { UseReadReceiptsOptions } from './use-read-receipts.ts';
export { sendReadReceiptMutation, useSendReadReceipt } from './use-send-read-receipt.ts';
export { useChatThreadSummary } from './use-chat-thread-summary.ts';
export { maxCountedUnread } from './thread-summary.ts';
export { useMarkChatThreadRead } from './use-mark-chat-thread-read.ts';
export type { UseMarkChatThreadReadOptions } from './use-mark-chat-thread-read.ts';
export { useUnreadChatCount } from './use-unread-chat-count.ts';
export { chatMessageText } from './message-text.ts';
export type { ChatMessageTextOptions } from './message-text.ts';
export { useTypingNotifier } from './use-typing-notifier.ts';
export type { UseTypingNotifierOptions } from './use-typing-notifier.ts';
export { applyChatEvent } from './apply-chat-event.ts';
export { useChatConnection } from './use-chat-connection.ts';
export { useTypingIndicators } from './use-typing-indicators.ts';
export type { ChatConnectionState, TypingIndicator } from './chat-realtime.ts';
export type * from './realtime-source.ts';
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
