// The service's published throttling of chat operations, applied when `limits: 'service'` is given:
// a request past a limit is answered 429 with the service's error body and Retry-After.
//
// Fact: the figures, from "Service limits for Azure Communication Services", section Chat, Rate
// Limits (https://learn.microsoft.com/azure/communication-services/concepts/service-limits#chat),
// limit per 10 seconds / limit per minute ("-": none):
//   Create chat thread                              per User                  10 / -
//   Delete chat thread                              per User                  10 / -
//   Update chat thread                              per Chat thread            5 / -
//   Add participants / remove participants          per Chat thread           10 / 30
//   Get chat thread / List chat threads             per User                  50 / -
//   Get chat message                                per User per chat thread  50 / -
//   Get chat message                                per Chat thread          250 / -
//   List chat messages                              per User per chat thread  50 / 200
//   List chat messages                              per Chat thread          250 / 400
//   Get read receipts                               per User per chat thread   5 / -
//   Get read receipts                               per Chat thread          100 / -
//   List chat thread participants                   per User per chat thread  10 / -
//   List chat thread participants                   per Chat thread          250 / -
//   Send message / update message / delete message  per Chat thread           10 / 30
//   Send read receipt                               per User per chat thread  10 / 30
//   Send typing indicator                           per User per chat thread   5 / 15
//   Send typing indicator                           per Chat thread           10 / 30
// Fact (same page): a caller past a limit gets HTTP 429, and "all requests accrue against your
// usage limits", refused ones included, so every authenticated request counts here.
// Inferred (the page does not say): one row that names several operations ("Send message / update
// message / delete message") is one budget they share; a window is fixed, opened by the first
// request counted in it and closed a window's length later (the service's algorithm is not
// published); the error's code and message (the service's wording is not documented).
import { tooManyRequests } from './errors.ts';

/** Off (the default), or the service's published chat limits. */
export type ChatEmulatorLimits = 'off' | 'service';

type Scope = 'user' | 'thread' | 'user-thread';

interface Window {
  scope: Scope;
  /** Requests allowed in one window. */
  limit: number;
  ms: number;
}

export interface Budget {
  /** The operation as the published table names it. */
  operation: string;
  windows: readonly Window[];
}

const tenSeconds = 10_000;
const minute = 60_000;

function budget(operation: string, ...windows: [Scope, number, number][]): Budget {
  return { operation, windows: windows.map(([scope, limit, ms]) => ({ scope, limit, ms })) };
}

/** The published table, one budget a row (a row split over two scopes is one budget). */
export const serviceLimits = {
  createThread: budget('Create chat thread', ['user', 10, tenSeconds]),
  deleteThread: budget('Delete chat thread', ['user', 10, tenSeconds]),
  updateThread: budget('Update chat thread', ['thread', 5, tenSeconds]),
  changeParticipants: budget(
    'Add participants / remove participants',
    ['thread', 10, tenSeconds],
    ['thread', 30, minute],
  ),
  readThreads: budget('Get chat thread / List chat threads', ['user', 50, tenSeconds]),
  getMessage: budget(
    'Get chat message',
    ['user-thread', 50, tenSeconds],
    ['thread', 250, tenSeconds],
  ),
  listMessages: budget(
    'List chat messages',
    ['user-thread', 50, tenSeconds],
    ['user-thread', 200, minute],
    ['thread', 250, tenSeconds],
    ['thread', 400, minute],
  ),
  listReadReceipts: budget(
    'Get read receipts',
    ['user-thread', 5, tenSeconds],
    ['thread', 100, tenSeconds],
  ),
  listParticipants: budget(
    'List chat thread participants',
    ['user-thread', 10, tenSeconds],
    ['thread', 250, tenSeconds],
  ),
  changeMessages: budget(
    'Send message / update message / delete message',
    ['thread', 10, tenSeconds],
    ['thread', 30, minute],
  ),
  sendReadReceipt: budget(
    'Send read receipt',
    ['user-thread', 10, tenSeconds],
    ['user-thread', 30, minute],
  ),
  sendTyping: budget(
    'Send typing indicator',
    ['user-thread', 5, tenSeconds],
    ['user-thread', 15, minute],
    ['thread', 10, tenSeconds],
    ['thread', 30, minute],
  ),
} as const satisfies Record<string, Budget>;

const scopeNames: Record<Scope, string> = {
  user: 'per user',
  thread: 'per chat thread',
  'user-thread': 'per user per chat thread',
};

interface Count {
  /** When the window closes, epoch ms. */
  end: number;
  requests: number;
}

/** Windows kept before expired ones are first swept out. */
const sweepAt = 10_000;

/** The counters behind `limits: 'service'`, on the emulator's clock. */
export class ServiceLimits {
  readonly #counts = new Map<string, Count>();
  /** The size at which expired windows are next swept out: twice what the last sweep left. */
  #sweepAt = sweepAt;

  /**
   * Counts an authenticated chat request against its route's budget (chatRoute's): throws the
   * service's 429 when any window is past its limit, with Retry-After saying when every full one
   * closes.
   */
  admit(
    budget: Budget,
    request: { caller: string; threadId: string | undefined; now: number },
  ): void {
    const { caller, threadId, now } = request;
    if (this.#counts.size >= this.#sweepAt) this.#sweep(now);
    let waitMs = 0;
    let refused: Window | undefined;
    budget.windows.forEach((window, index) => {
      const subject =
        window.scope === 'user'
          ? caller
          : window.scope === 'thread'
            ? `${threadId}`
            : `${caller} ${threadId}`;
      const key = `${budget.operation}\n${index}\n${subject}`;
      let count = this.#counts.get(key);
      if (count === undefined || count.end <= now) {
        count = { end: now + window.ms, requests: 0 };
        this.#counts.set(key, count);
      }
      count.requests++;
      if (count.requests > window.limit && count.end - now > waitMs) {
        waitMs = count.end - now;
        refused = window;
      }
    });
    if (refused === undefined) return;
    const per = refused.ms === minute ? 'a minute' : `${refused.ms / 1000} seconds`;
    throw tooManyRequests(
      `Too many requests: '${budget.operation}' allows ${refused.limit} ${scopeNames[refused.scope]} in ${per}. Retry after ${Math.ceil(waitMs / 1000)} seconds.`,
      waitMs,
    );
  }

  clear(): void {
    this.#counts.clear();
    this.#sweepAt = sweepAt;
  }

  #sweep(now: number): void {
    for (const [key, count] of this.#counts) if (count.end <= now) this.#counts.delete(key);
    this.#sweepAt = Math.max(sweepAt, this.#counts.size * 2);
  }
}
