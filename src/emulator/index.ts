// react-acs-chat/emulator: a local ACS Chat service speaking the real REST API (2025-03-15).
//
// Where the spec is silent, the emulator follows what the service was seen to do, or decides:
// - Creating a thread adds a participantAdded message (everyone, creator included) and then a
//   topicUpdated message, as recordings of the service show. Every message, system ones included,
//   moves the thread's lastMessageReceivedOn.
// - Lists: default page size 20 (the service documents none), maxPageSize clamped to 200 (the
//   service's documented limit). nextLink is absolute, carries syncState/startTime/maxPageSize/
//   api-version, leaves the thread id unencoded and writes startTime in .NET's invariant form, as
//   the service does. Participants and read receipts page with `skip`. startTime is inclusive, to
//   the millisecond, and holds on every page (the cursor carries it).
// - Deleting a thread that does not exist or is already deleted answers 204. A deleted thread
//   answers 404 to everything else but stays in its members' lists with deletedOn.
// - A thread the caller is not in: 403; a thread that does not exist: 404. Removed participants get
//   403 but keep the thread in their list, unmarked (the service lists threads a user left "as if
//   the user is participating in them"). Read receipts: the latest each reader sent.
// - Messages: ids are epoch milliseconds, increasing within a thread; deletes are soft (deletedOn,
//   content kept, still listed); only the sender edits or deletes; editing a deleted message is 404;
//   deleting a missing one is 404, an already deleted one 204.
// - Limits: body 1 MiB (413), topic 512 characters, message content 28 KB, metadata 1 KB (400),
//   200 participants per request (400), 250 per thread (the rest in invalidParticipants).
// - invalidParticipants codes: 'BadRequest' (malformed ACS id), 'NotFound' (unknown user),
//   'Forbidden' (thread full). Other identifier kinds are accepted as given.
// - A topic update to the topic the thread has records nothing (a retry changes nothing).
// - The Identity API and the admin routes refuse browser pages on other origins (403) unless
//   listed in allowedOrigins; the admin routes answer other machines only with adminKey.
// - Real-time notifications (what the official SDK's startRealtimeNotifications() connects to):
//   every change is delivered to every open socket of every participant of the thread at the time,
//   the sender included; a removed participant hears of the removal and nothing after. Event times
//   are the change's time; `version` is the message's version, or the change's time in ms.
// - A real-time socket is closed with `0:::{"reason":"unauthorized"}` (the service's request for a
//   fresh token) when the token of its handshake expires. Bounds (realtime/limits.ts): frames of
//   64 KiB (1009 past it), 1 MiB queued per socket (cut off past it), a socket silent for 60 to
//   90 s is ended, and one user holds at most 16 sockets and 32 unused handshakes (429 past them,
//   to the newcomer). Every upgrade ends in a socket or a refusal (400, 401, 404, 429).
export {
  createChatEmulator,
  EMULATOR_DEV_ACCESS_KEY,
  type ChatEmulator,
  type ChatEmulatorOptions,
  type EmulatorExchange,
  type EmulatorRequestRecord,
  type EmulatorUser,
  type RequestLogOptions,
} from './emulator.ts';
export type {
  ActiveFaultRule,
  FaultController,
  FaultDrop,
  FaultRule,
  FaultStatus,
} from './faults.ts';
export { EmulatorDataError, isEmulatorDataError } from './data-error.ts';
export type { EmulatorDataProblem } from './data-error.ts';
export { signRequest } from './hmac.ts';
export { MissingPeerDependencyError } from './optional-peer.ts';
export type { EmulatorPerson } from './people.ts';
export type { AllowedOrigins, EmulatorConnection } from './route-guard.ts';
export type {
  RealtimeAdmission,
  RealtimeChannel,
  RealtimeConnection,
  RealtimeSocket,
} from './realtime/channel.ts';
export type {
  FrameLogOptions,
  RealtimeFrameKind,
  RealtimeFrameRecord,
} from './realtime/frame-log.ts';
export type { SeedOptions, SeedResult } from './seed.ts';
export type { ChatEmulatorLimits } from './service-limits.ts';
export {
  createChatEmulatorServer,
  type ChatEmulatorServer,
  type ChatEmulatorServerOptions,
} from './server.ts';
export type { ThreadRecord, MessageRecord, ParticipantRecord } from './store.ts';
export type { TokenLifetime } from './token-lifetime.ts';
export {
  chatEmulatorPlugin,
  type ChatEmulatorPlugin,
  type ChatEmulatorPluginOptions,
} from './vite-plugin.ts';
