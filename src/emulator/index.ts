// react-acs-chat/emulator: a local ACS Chat service speaking the real REST API (2025-03-15).
export {
  createChatEmulator,
  EMULATOR_DEV_ACCESS_KEY,
  type ChatEmulator,
  type ChatEmulatorOptions,
  type EmulatorRequestRecord,
  type EmulatorUser,
} from './emulator.ts';
export type {
  ActiveFaultRule,
  FaultController,
  FaultDrop,
  FaultRule,
  FaultStatus,
} from './faults.ts';
export { signRequest } from './hmac.ts';
export type { SeedOptions, SeedResult } from './seed.ts';
export {
  createChatEmulatorServer,
  type ChatEmulatorServer,
  type ChatEmulatorServerOptions,
} from './server.ts';
export type { ThreadRecord, MessageRecord, ParticipantRecord } from './store.ts';
export {
  chatEmulatorPlugin,
  type ChatEmulatorPlugin,
  type ChatEmulatorPluginOptions,
} from './vite-plugin.ts';
