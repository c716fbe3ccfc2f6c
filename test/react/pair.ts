// Ann and Bob in a thread of their own, and what they say in it: the summary tests' world.
import type { EmulatorUser } from '../../src/emulator/index.ts';
import type { ChatMessage, ChatThreadClient } from '../../src/react/index.ts';
import type { TestEmulator } from '../support/emulator.ts';
import { openClient } from './helpers.tsx';

/** Ann and Bob in a new thread (whose first messages are the service's: joined, topic). */
export async function pair(emu: TestEmulator) {
  const ann = await emu.user();
  const bob = await emu.user();
  const members = [
    { id: { communicationUserId: ann.userId }, displayName: 'Ann' },
    { id: { communicationUserId: bob.userId }, displayName: 'Bob' },
  ];
  const { chatThread } = await openClient(emu, ann).createChatThread(
    { topic: 'Pair' },
    { participants: members },
  );
  const threadId = chatThread!.id;
  const threadClient = (user: EmulatorUser) => openClient(emu, user).getChatThreadClient(threadId);
  return { ann, bob, threadId, annThread: threadClient(ann), bobThread: threadClient(bob) };
}

/** Sends and returns the service's copy of the message. */
export async function say(
  thread: ChatThreadClient,
  content: string,
  name: string,
): Promise<ChatMessage> {
  const { id } = await thread.sendMessage({ content }, { senderDisplayName: name });
  return thread.getMessage(id);
}

/** A message as an event brings it: no sequence number. */
export const asEvent = (threadId: string, message: ChatMessage) =>
  ({ type: 'messageReceived', threadId, message: { ...message, sequenceId: '' } }) as const;
