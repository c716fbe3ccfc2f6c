// Bulk data without HTTP, for demos and benchmarks: users with tokens, and threads (with messages)
// that all of them share. 100,000 threads take well under a few seconds.
import { badRequest } from './errors.ts';
import { communicationUser } from './identifiers.ts';
import { maxThreadParticipants, type ChatStore } from './store.ts';

export interface SeedOptions {
  /** New users to create, each with a chat token (24 h). Default 0. */
  users?: number;
  /** Existing users (ids) to put in every seeded thread, with the new ones. */
  participants?: string[];
  /** Threads to create; the first participant creates them. Default 0. */
  threads?: number;
  /** Text messages per thread, sent in turn by the thread's participants. Default 0. */
  messagesPerThread?: number;
  /** Topics are `${topic} 1`, `${topic} 2`, ... Default 'Thread'. */
  topic?: string;
  /**
   * Seeded threads lie in the past, `spacingMs` apart, the last one newest (ending now). Default
   * 1000 ms.
   */
  spacingMs?: number;
}

export interface SeedResult {
  users: Array<{ userId: string; token: string; expiresOn: Date }>;
  /** Oldest first. */
  threadIds: string[];
}

/** How much one seed may ask for. Code in the process may seed any amount. */
export interface SeedLimits {
  users: number;
  threads: number;
  /** Threads x messagesPerThread. */
  messages: number;
}

/**
 * The limits of a seed over HTTP (/__emulator/seed): plenty for a demo or a paging test, too little
 * to stall the server for long.
 */
export const httpSeedLimits: SeedLimits = { users: 100, threads: 10_000, messages: 100_000 };

const unlimited: SeedLimits = { users: Infinity, threads: Infinity, messages: Infinity };
/** Room for the ' 123456' each topic gets, within the 512 characters a topic may have. */
const maxSeedTopicLength = 256;

function count(value: unknown, name: string, max = Infinity): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw badRequest(`'${name}' must be a non-negative integer.`, name);
  }
  if (value > max) throw badRequest(`'${name}' must be at most ${max}.`, name);
  return value;
}

/** Checks options from JSON or code; throws a 400 naming the bad field. */
export function checkSeedOptions(value: unknown, limits: SeedLimits = unlimited): SeedOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('Seed options must be an object.', 'body');
  }
  const options = value as Record<string, unknown>;
  const checked: SeedOptions = {
    users: count(options.users, 'users', limits.users),
    threads: count(options.threads, 'threads', limits.threads),
    messagesPerThread: count(options.messagesPerThread, 'messagesPerThread'),
  };
  if (checked.threads! * checked.messagesPerThread! > limits.messages) {
    throw badRequest(
      `'threads' x 'messagesPerThread' must be at most ${limits.messages}.`,
      'messagesPerThread',
    );
  }
  if (options.participants !== undefined) {
    if (
      !Array.isArray(options.participants) ||
      options.participants.length > maxThreadParticipants ||
      options.participants.some((p) => typeof p !== 'string')
    ) {
      throw badRequest(
        `'participants' must be an array of at most ${maxThreadParticipants} user ids.`,
        'participants',
      );
    }
    checked.participants = options.participants as string[];
  }
  if (options.topic !== undefined) {
    if (
      typeof options.topic !== 'string' ||
      options.topic.trim() === '' ||
      options.topic.length > maxSeedTopicLength
    ) {
      throw badRequest(
        `'topic' must be a non-empty string of at most ${maxSeedTopicLength} characters.`,
        'topic',
      );
    }
    checked.topic = options.topic;
  }
  if (options.spacingMs !== undefined) checked.spacingMs = count(options.spacingMs, 'spacingMs');
  return checked;
}

export async function seed(
  store: ChatStore,
  options: SeedOptions,
  now: number,
  createUser: () => Promise<{ userId: string; token: string; expiresOn: Date }>,
): Promise<SeedResult> {
  const checked = checkSeedOptions(options);
  for (const id of checked.participants ?? []) {
    if (!store.users.has(id)) throw badRequest(`Unknown user '${id}'.`, 'participants');
  }
  const users: SeedResult['users'] = [];
  for (let i = 0; i < (checked.users ?? 0); i++) users.push(await createUser());
  const members = [...(checked.participants ?? []), ...users.map((u) => u.userId)];
  const threads = checked.threads ?? 0;
  if (threads > 0 && members.length === 0) {
    throw badRequest('Seeding threads needs users or participants.', 'threads');
  }
  const spacing = checked.spacingMs ?? 1000;
  const perThread = checked.messagesPerThread ?? 0;
  const topic = checked.topic ?? 'Thread';
  const threadIds: string[] = [];
  const [creator, ...others] = members;
  // One batch: a kept store writes the whole seed in one transaction.
  store.batch(() => {
    for (let i = 0; i < threads; i++) {
      // Messages fit inside the thread's slot so the threads' order is their creation order.
      const at = now - (threads - 1 - i) * spacing - perThread - 2;
      const { thread } = store.createThread({
        creator: creator!,
        topic: `${topic} ${i + 1}`,
        participants: others.map((id) => ({ identifier: communicationUser(id) })),
        at,
      });
      for (let m = 0; m < perThread; m++) {
        const sender = members[m % members.length]!;
        store.sendMessage(thread, sender, { type: 'text', content: `Message ${m + 1}` }, at);
      }
      threadIds.push(thread.id);
    }
  });
  return { users, threadIds };
}
