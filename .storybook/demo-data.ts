// The demo's data, seeded into an emulator of its own for every story visit (.storybook/demo-visits.ts):
// a cast of users, an inbox of realistic threads for the signed-in demo user (three pages and more),
// one long conversation to scroll back through; or, for the virtualised inbox, a user with 10,000
// threads. The threads are made through the library's own core client, pointed at the emulator's
// Fetch handler in-process (no port needed); the 10,000 come from the emulator's bulk seeding,
// which skips HTTP.
import { ChatClient, CommunicationTokenCredential } from '../src/core/index.ts';
import type { ChatEmulator } from '../src/emulator/index.ts';
import type { DemoPerson, DemoWorld } from '../stories/support/cast.ts';
import {
  bulkThreadCount,
  conversationLength,
  conversationTopic,
  refusedTopic,
  unreadByTopic,
} from '../stories/support/demo-constants.ts';

const names = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Katherine Johnson',
  'Edsger Dijkstra',
  'Margaret Hamilton',
];
const projects = ['Apollo', 'Borealis', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor'];
const subjects = [
  'standup',
  'design review',
  'release plan',
  'bug triage',
  'retro',
  'hiring loop',
  'launch checklist',
  'on-call handover',
];
const lines = [
  'Morning! Anything blocking you today?',
  'I pushed the fix, the build is green again.',
  'Can we move this to Thursday?',
  'Notes are in the doc, please add yours.',
  'Looks good to me, ship it.',
  'I will take the first on-call shift.',
  'The numbers from last week are in.',
  'Who owns the follow-up?',
  'Thanks, that unblocks me.',
  'Let us keep it to fifteen minutes.',
];

/**
 * The emulator's clock for the demo: real time, except while seeding, when it runs through the last
 * few days so threads and messages carry believable, spread-out times.
 */
export function demoClock() {
  let fake: number | undefined;
  return {
    now: () => fake ?? Date.now(),
    /** Sets the fake time; undefined goes back to real time. */
    set(at: number | undefined) {
      fake = at;
    },
    advance(ms: number) {
      if (fake !== undefined) fake += ms;
    },
  };
}
export type DemoClock = ReturnType<typeof demoClock>;

const minute = 60_000;

/** People of the demo (default all six), as users of `emulator`, with their tokens. */
async function createPeople(emulator: ChatEmulator, displayNames = names) {
  const people: Array<DemoPerson & { token: string }> = [];
  for (const displayName of displayNames) {
    const { userId, token } = await emulator.createUser();
    people.push({ userId, displayName, token });
  }
  return people;
}

const withoutToken = ({ userId, displayName }: DemoPerson): DemoPerson => ({ userId, displayName });

/** A brand-new user with no threads, and the demo user's colleagues to start threads with. */
export async function seedNewcomer(emulator: ChatEmulator): Promise<DemoWorld> {
  const people = await createPeople(emulator, names.slice(1));
  const { userId } = await emulator.createUser();
  return { user: { userId, displayName: 'Newcomer' }, people: people.map(withoutToken) };
}

/** A user with 10,000 threads (bulk seeding: no messages, no HTTP). */
export async function seedBulk(emulator: ChatEmulator): Promise<DemoWorld> {
  const { userId } = await emulator.createUser();
  await emulator.seed({ participants: [userId], threads: bulkThreadCount, topic: 'Bulk thread' });
  return { user: { userId, displayName: 'Bulk Inbox' }, people: [] };
}

/**
 * Ada Lovelace's inbox (66 threads) and the long conversation, spread over the last four days. She
 * has read her project threads (a read receipt on each) except for four, with 0, 1, 5 and 150 unread
 * messages (`unreadByTopic`), and she was removed from one thread (`refusedTopic`).
 */
export async function seedDemo(emulator: ChatEmulator, clock?: DemoClock): Promise<DemoWorld> {
  const withTokens = await createPeople(emulator);
  const people = withTokens.map(withoutToken);
  const clients = new Map<string, ChatClient>();
  for (const { userId, token } of withTokens) {
    // Loopback http is allowed by the client; the handler ignores the host and, without a mount
    // prefix header, serves the API at the root.
    clients.set(
      userId,
      new ChatClient('http://127.0.0.1', new CommunicationTokenCredential(token), {
        fetch: (input, init) => emulator.handle(new Request(input, init)),
      }),
    );
  }
  const [me, ...others] = people as [DemoPerson, ...DemoPerson[]];
  const clientOf = (person: DemoPerson) => clients.get(person.userId)!;
  const participantsOf = (...members: DemoPerson[]) =>
    members.map((p) => ({ id: { communicationUserId: p.userId }, displayName: p.displayName }));
  const say = (person: DemoPerson, threadId: string, content: string) =>
    clientOf(person)
      .getChatThreadClient(threadId)
      .sendMessage({ content }, { senderDisplayName: person.displayName });

  let conversationThreadId: string;
  // Users and tokens were made in real time, so the credentials accept them; the threads go back
  // about four days.
  clock?.set(Date.now() - 4 * 24 * 60 * minute);
  try {
    // Oldest first: the inbox lists them newest first.
    let n = 0;
    for (const subject of subjects) {
      for (const project of projects) {
        const guests = [others[n % others.length]!, others[(n + 2) % others.length]!];
        const { chatThread } = await clientOf(me).createChatThread(
          { topic: `${project} ${subject}` },
          { participants: participantsOf(me, ...guests) },
        );
        const members = [me, ...guests];
        let lastId = '';
        for (let m = 0; m < 1 + (n % 4); m++) {
          clock?.advance(3 * minute + ((n * 7 + m * 13) % 11) * minute);
          ({ id: lastId } = await say(
            members[m % members.length]!,
            chatThread!.id,
            lines[(n + m) % lines.length]!,
          ));
        }
        const unread = unreadByTopic[`${project} ${subject}`];
        if (unread !== undefined) {
          // Two messages from the guests that Ada has read, then `unread` she has not.
          for (let m = 0; m < 2; m++) {
            clock?.advance(2 * minute);
            ({ id: lastId } = await say(
              guests[m]!,
              chatThread!.id,
              lines[(n + m + 5) % lines.length]!,
            ));
          }
        }
        clock?.advance(minute);
        await clientOf(me)
          .getChatThreadClient(chatThread!.id)
          .sendReadReceipt({ chatMessageId: lastId });
        for (let m = 0; m < (unread ?? 0); m++) {
          clock?.advance(20_000);
          await say(guests[m % 2]!, chatThread!.id, `${lines[(n + m) % lines.length]} (#${m + 1})`);
        }
        // 30 to 75 minutes between threads: 64 of them end well before now.
        clock?.advance(30 * minute + ((n * 37) % 46) * minute);
        n++;
      }
    }
    // A thread Ada was removed from: it stays in her list, but the service refuses her delete (403),
    // which the Inbox shows as an optimistic delete rolled back.
    const grace = others[0]!;
    const { chatThread: removed } = await clientOf(grace).createChatThread(
      { topic: refusedTopic },
      { participants: participantsOf(grace, me) },
    );
    await say(grace, removed!.id, 'Moving this to the legal team, thanks Ada.');
    await clientOf(grace)
      .getChatThreadClient(removed!.id)
      .removeParticipant({ communicationUserId: me.userId });
    // The newest thread: a long conversation with everyone, for the Conversation story.
    const { chatThread } = await clientOf(me).createChatThread(
      { topic: conversationTopic },
      { participants: participantsOf(me, ...others) },
    );
    conversationThreadId = chatThread!.id;
    // The conversation runs over the last hours, up to a few minutes ago.
    clock?.set(Date.now() - conversationLength * 2 * minute - 5 * minute);
    let lastId = '';
    for (let m = 0; m < conversationLength; m++) {
      clock?.advance(2 * minute);
      const sender = m % 3 === 0 ? me : others[m % others.length]!;
      ({ id: lastId } = await say(
        sender,
        conversationThreadId,
        `${lines[m % lines.length]} (#${m + 1})`,
      ));
    }
    // Two of them have read everything: the Conversation shows "Seen by" under Ada's last message.
    for (const reader of [others[0]!, others[1]!]) {
      await clientOf(reader)
        .getChatThreadClient(conversationThreadId)
        .sendReadReceipt({ chatMessageId: lastId });
    }
  } finally {
    clock?.set(undefined);
    for (const client of clients.values()) client.close();
  }

  return { user: me, people: others, conversationThreadId };
}
