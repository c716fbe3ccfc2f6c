// Bulk data without HTTP, for demos and benchmarks: users with tokens, and threads (with messages)
// that all of them share. 100,000 threads take well under a few seconds.
import { badRequest } from './errors.ts';
import { communicationUser } from './identifiers.ts';
import type { ChatStore } from './store.ts';

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

function count(value: unknown, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw badRequest(`'${name}' must be a non-negative integer.`, name);
  }
  return value;
}

/** Checks options from JSON or code; throws a 400 naming the bad field. */
export function checkSeedOptions(value: unknown): SeedOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('Seed options must be an object.', 'body');
  }
  const options = value as Record<string, unknown>;
  const checked: SeedOptions = {
    users: count(options.users, 'users'),
    threads: count(options.threads, 'threads'),
    messagesPerThread: count(options.messagesPerThread, 'messagesPerThread'),
  };
  if (options.participants !== undefined) {
    if (
      !Array.isArray(options.participants) ||
      options.participants.some((p) => typeof p !== 'string')
    ) {
      throw badRequest("'participants' must be an array of user ids.", 'participants');
    }
    checked.participants = options.participants as string[];
  }
  if (options.topic !== undefined) {
    if (typeof options.topic !== 'string' || options.topic === '') {
      throw badRequest("'topic' must be a non-empty string.", 'topic');
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
  return { users, threadIds };
}
