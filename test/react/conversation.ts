// A seeded conversation for the React tests: Ann and Bob in one thread, and what the service lists
// of it.
import type { EmulatorUser } from '../../src/emulator/index.ts';
import type { TestEmulator } from '../support/emulator.ts';
import { openClient } from './helpers.tsx';

/**
 * Ann and Bob in one thread ('Chat 1') with `count` messages ('Message 1'...) after the two
 * of its creation (participantAdded, topicUpdated).
 */
export async function conversation(emu: TestEmulator, count = 1) {
  const { users, threadIds } = await emu.emulator.seed({
    users: 2,
    threads: 1,
    messagesPerThread: count,
    topic: 'Chat',
  });
  return { ann: users[0]!, bob: users[1]!, threadId: threadIds[0]! };
}

/** The ids of the thread's messages as the service lists them to `user`, newest first. */
export async function serverIds(emu: TestEmulator, user: EmulatorUser, threadId: string) {
  const ids: string[] = [];
  for await (const m of openClient(emu, user).getChatThreadClient(threadId).listMessages())
    ids.push(m.id);
  return ids;
}
