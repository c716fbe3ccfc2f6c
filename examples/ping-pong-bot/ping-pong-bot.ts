// A bot that answers "ping" with "pong" in every thread it is in, with react-acs-chat/core alone:
// ChatRealtimeClient hears the messages, ChatClient answers them, one credential refreshes the
// bot's token for both. Pings missed while the connection was down are answered once it is back.
import {
  ChatClient,
  ChatRealtimeClient,
  CommunicationTokenCredential,
  getIdentifierRawId,
  parseTokenUserId,
  type ChatRealtimeClientOptions,
  type ChatRealtimeState,
  type CommunicationIdentifierKind,
} from 'react-acs-chat/core';

export interface PingPongBotOptions {
  /** The ACS resource endpoint, e.g. https://<name>.communication.azure.com. */
  endpoint: string;
  /**
   * Fetches a fresh access token for the bot's user, with the `chat` scope: once at start, then
   * whenever the token nears expiry or the service refuses it.
   */
  tokenRefresher: (abortSignal?: AbortSignal) => Promise<string>;
  /** Hears what the bot does, a line at a time. Default: nothing. */
  log?: (line: string) => void;
  /** For ChatRealtimeClient: another fetch or WebSocket, a clock. */
  realtime?: ChatRealtimeClientOptions;
}

export interface PingPongBot {
  /** The bot's user id (from its token), e.g. `8:acs:<resource>_<id>`. */
  readonly userId: string;
  readonly state: ChatRealtimeState;
  /** Stops listening, lets the pongs under way go out, then closes the clients. */
  stop(): Promise<void>;
}

/** Ping ids remembered, so a ping heard twice (an event and a catch-up) is answered once. */
const rememberedPings = 1000;
/** How far before the last moment it heard the service a catch-up looks: covers clock skew. */
const catchUpMarginMs = 60_000;
/** The wait before a catch-up that failed (a network error) is tried again. */
const catchUpRetryMs = 5_000;

const isPing = (type: string, text: string | undefined) =>
  type.toLowerCase() === 'text' && text?.trim().toLowerCase() === 'ping';

/** Connects as the bot's user and answers pings until `stop()`; rejects when it cannot connect. */
export async function startPingPongBot(options: PingPongBotOptions): Promise<PingPongBot> {
  const { endpoint, tokenRefresher, log = () => undefined } = options;
  const token = await tokenRefresher();
  const userId = parseTokenUserId(token);
  if (!userId) {
    throw new Error('The tokenRefresher returned a token that is not an ACS user access token.');
  }
  const credential = new CommunicationTokenCredential({
    tokenRefresher,
    token,
    refreshProactively: true,
  });
  const chat = new ChatClient(endpoint, credential);
  const live = new ChatRealtimeClient(endpoint, credential, options.realtime);

  const answered = new Set<string>();
  let replies = Promise.resolve();
  let stopped = false;
  // Since when the bot may have missed pings that no catch-up has covered yet, if it may have.
  let missedSince: number | undefined;
  // When the bot last knew it missed nothing: connected, or a catch-up began.
  let coveredAt = Date.now();
  let catchUp: Promise<void> | undefined;
  let catchUpRetry: ReturnType<typeof setTimeout> | undefined;

  const fromBot = (sender: CommunicationIdentifierKind | undefined) =>
    sender !== undefined && getIdentifierRawId(sender) === userId;

  /** Queues the pong: one at a time, in the order the pings were heard. */
  function answer(threadId: string, pingId: string): void {
    if (stopped || answered.has(pingId)) return;
    answered.add(pingId);
    if (answered.size > rememberedPings) answered.delete(answered.values().next().value!);
    replies = replies.then(async () => {
      try {
        await chat
          .getChatThreadClient(threadId)
          .sendMessage({ content: 'pong' }, { metadata: { replyTo: pingId } });
        log(`pong to ${pingId} in ${threadId}`);
      } catch (error) {
        log(`could not answer ${pingId}: ${String(error)}`);
      }
    });
  }

  /** Answers the pings sent since `since` (minus a margin) in every thread active since then. */
  async function catchUpOnce(since: number): Promise<void> {
    const startTime = new Date(since - catchUpMarginMs);
    const found: Array<{ threadId: string; id: string; sequence: number }> = [];
    for await (const thread of chat.listChatThreads({ startTime })) {
      if (thread.deletedOn) continue;
      for await (const message of chat.getChatThreadClient(thread.id).listMessages({ startTime })) {
        if (!fromBot(message.sender) && isPing(message.type, message.content?.message)) {
          found.push({ threadId: thread.id, id: message.id, sequence: Number(message.sequenceId) });
        }
      }
    }
    // Oldest first, as they were sent (pages come newest first).
    for (const ping of found.sort((a, b) => a.sequence - b.sequence)) {
      answer(ping.threadId, ping.id);
    }
  }

  /** Catches up until a catch-up completes with nothing missed since it began, or the bot stops. */
  function catchUpUntilDone(): void {
    if (stopped || catchUp || missedSince === undefined || live.state !== 'connected') return;
    const since = missedSince;
    missedSince = undefined;
    coveredAt = Date.now();
    catchUp = catchUpOnce(since).then(
      () => {
        catchUp = undefined;
        log('caught up');
        catchUpUntilDone();
      },
      (error: unknown) => {
        catchUp = undefined;
        missedSince = Math.min(missedSince ?? since, since);
        log(`catch-up failed, will retry: ${String(error)}`);
        if (!stopped) catchUpRetry = setTimeout(catchUpUntilDone, catchUpRetryMs);
      },
    );
  }

  live.on('chatMessageReceived', (event) => {
    if (fromBot(event.sender) || !isPing(event.type, event.message)) return;
    answer(event.threadId, event.id);
  });
  let wasConnected = false;
  live.on('stateChanged', ({ state, error }) => {
    log(error ? `${state}: ${error.message}` : state);
    // What is sent while the connection is down comes as no event.
    if (state === 'disconnected' && wasConnected) missedSince ??= Date.now();
    if (state === 'connected') {
      if (!wasConnected) coveredAt = Date.now();
      wasConnected = true;
      catchUpUntilDone();
    }
  });
  // The service dropped notifications for this connection, some time since it last was sure.
  live.on('realTimeNotificationMessageLoss', () => {
    missedSince ??= coveredAt;
    catchUpUntilDone();
  });

  try {
    await live.start();
  } catch (error) {
    chat.close();
    credential.dispose();
    throw error;
  }

  return {
    userId,
    get state() {
      return live.state;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(catchUpRetry);
      await live.stop();
      await catchUp;
      await replies;
      chat.close();
      credential.dispose();
    },
  };
}
