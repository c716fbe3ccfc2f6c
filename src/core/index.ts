export { ChatClient } from './chat-client.ts';
export type {
  CreateChatThreadOptions,
  DeleteChatThreadOptions,
  ListChatThreadsOptions,
} from './chat-client.ts';
export { ChatThreadClient } from './chat-thread-client.ts';
export { typingNotificationIntervalMs } from './typing-throttle.ts';
export type {
  AddParticipantsOptions,
  DeleteMessageOptions,
  GetMessageOptions,
  GetPropertiesOptions,
  ListMessagesOptions,
  ListParticipantsOptions,
  ListReadReceiptsOptions,
  RemoveParticipantOptions,
  SendMessageOptions,
  SendReadReceiptOptions,
  SendTypingNotificationOptions,
  UpdateChatThreadPropertiesOptions,
  UpdateMessageOptions,
  UpdateTopicOptions,
} from './chat-thread-client.ts';
export type { ChatClientOptions, ChatRetryOptions } from './chat-client-options.ts';
export type { OperationOptions } from './operation-options.ts';
export {
  CommunicationTokenCredential,
  parseTokenExpiry,
  parseTokenUserId,
} from './token-credential.ts';
export type {
  AccessToken,
  CommunicationTokenRefreshOptions,
  GetTokenOptions,
  TokenCredentialLike,
} from './token-credential.ts';
export { ChatError, isChatError } from './chat-error.ts';
export type { ChatErrorOptions } from './chat-error.ts';
export type {
  ChatClientErrorCode,
  ChatErrorCode,
  ChatHttpStatusErrorCode,
} from './chat-error-code.ts';
export { ChatValidationError, isChatValidationError } from './chat-validation-error.ts';
export { ChatClientClosedError } from './chat-client-closed-error.ts';
export { getIdentifierRawId } from './identifiers.ts';
export type {
  CommunicationCloudEnvironment,
  CommunicationIdentifier,
  CommunicationIdentifierKind,
  CommunicationUserIdentifier,
  MicrosoftTeamsAppIdentifier,
  MicrosoftTeamsUserIdentifier,
  PhoneNumberIdentifier,
  TeamsExtensionUserIdentifier,
  UnknownIdentifier,
} from './identifiers.ts';
export type {
  ChatPage,
  ContinuablePage,
  PageSettings,
  PagedAsyncIterableIterator,
} from './paged.ts';
export type * from './models.ts';
export { ChatRealtimeClient } from './realtime/chat-realtime-client.ts';
export type {
  ChatRealtimeClientOptions,
  RealtimeClock,
  RealtimeWebSocket,
  RealtimeWebSocketConstructor,
  ReconnectTrigger,
} from './realtime/chat-realtime-client-options.ts';
export type { ChatRealtimeErrorCode } from './realtime/realtime-error-code.ts';
export type * from './realtime/events.ts';
