// Wire equivalence: the official ChatClient (@azure/communication-chat, its browser build) and our
// ChatRealtimeClient, both in Chromium, run the same scenario against the emulator (on another,
// https origin), and what the emulator saw of each is written down as a transcript: every request
// carrying the listener's token, and every frame of its sockets, each in order. Normalised only
// where the two legitimately differ (the list below), the transcripts must be equal.
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { ChatClient as OfficialChatClient } from '@azure/communication-chat';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChatClient,
  ChatRealtimeClient,
  CommunicationTokenCredential,
} from '../../src/core/index.ts';
import { createUser, emulatorUrl, type BrowserUser } from '../browser/support.ts';
import type { LoggedFrame, LoggedRequest } from '../support/request-log-server.ts';
import {
  drop,
  loggedFrames,
  requestsOf,
  startRecording,
  startRecordingOurs,
  until,
  type Recording,
} from './support.ts';

/*
 * What each transcript holds, and every normalisation, with its reason.
 *
 * Requests (the emulator's request log: those whose token names the listener, in arrival order;
 * CORS preflights are not logged, and what one asks for is the request's own header names):
 *   method, path, the query's key=value pairs in order (undecoded), every header name (sorted, as
 *   the log keeps them, the browser's own included), and the registration's JSON body.
 *   - Ids, written as the role they play and numbered by first appearance, `{registrationId#1}`:
 *     `epid`, the registration's `registrationId` and the DELETE's last path segment (one role:
 *     the protocol makes them one value), `cor_id` {sessionId}, `ccid`, `se` (the allocation's
 *     expiry; the reconnect's must be the cached one, so it shows as the same number), the
 *     registration's transport `path` {surl}. Each is made anew per run by the client or the
 *     emulator; the numbering still shows when one side makes a new one where the other keeps it.
 *   - `con_num` = `{clientId}_{attempt}`: the clientId is Date.now() when the client connected,
 *     numbered as a role; the attempt is kept.
 *   - `t` (Date.now() on the handshake): {time}.
 *   - `userActivity`: JSON whose `cv` is a random correlation-vector base and a count: the base
 *     numbered as a role, the count and the rest (state) kept.
 *   - Every other value is kept (api-version, v, tc, timeout, auth, dom, the registration's
 *     clientDescription and ttl): the service may read them.
 *   - Header values are not in the transcript: tokens, request ids, `x-ms-useragent` (who we are,
 *     `react-acs-chat/...`, against `azsdk-js-communication-signaling/...`: informational), and
 *     the browser's own (one browser, one page: the same values). Both send
 *     `x-ms-client-request-id`, so nothing is normalised for it. `cache-control` and `pragma` are
 *     the browser's, from the request's cache mode.
 * Frames (the emulator's frame log, the listener's sockets numbered in the order they opened):
 *   direction, kind (socket.io packet type), message id and its ack wish, event name, the id an
 *   ack acknowledges, a response's status and header names, the WebSocket URL's query keys (its
 *   values are the handshake's, compared above), and who closed the socket.
 *   - Heartbeats (`2::` and the client's echo) are left out: the emulator sends one every 25 s of
 *     a socket's life, so whether one falls inside the scenario is the clock's doing. Checked
 *     instead: every heartbeat the emulator sent was echoed.
 * Events (names, in order): ours emits realTimeNotificationDisconnected on stop(), the official
 *   client nothing (issue #22 asks for it; nothing on the wire): that last one is taken off.
 * Order: each stream in its own order. Across the two the emulator sees two TCP connections (the
 * socket and HTTP), so the order between, say, `0::` and the DELETE sent after it is the
 * network's, not the client's; it is not compared.
 * The scenario waits for states only: each step ends when the listener has emitted the event and
 * every frame that asked for an ack has one and every delivery has its answer. Each socket's
 * second user.activity (sent 10 s after the first is acknowledged) is waited for before the next
 * step, so it has one place in the transcript. The 40 s ping interval never comes: no socket
 * lives that long here. What differs on purpose and never happens in this scenario (xhr-polling,
 * the connectivity probe, the 60 s overlap after trouter.reconnect) is not in the transcripts.
 */

interface Listener {
  events: Recording;
  stop(): Promise<void>;
}

const sides = {
  async official(user: BrowserUser): Promise<Listener> {
    const client = new OfficialChatClient(
      emulatorUrl,
      new AzureCommunicationTokenCredential(user.token),
    );
    return { events: await startRecording(client), stop: () => client.stopRealtimeNotifications() };
  },
  async ours(user: BrowserUser): Promise<Listener> {
    const client = new ChatRealtimeClient(emulatorUrl, user.token);
    return { events: await startRecordingOurs(client), stop: () => client.stop() };
  },
};

const opened: Array<{ close(): void }> = [];
afterEach(() => {
  for (const client of opened.splice(0)) client.close();
});

/** Frames grouped by socket, in the order the sockets opened. */
function sockets(frames: LoggedFrame[]): LoggedFrame[][] {
  const byId = new Map<string, LoggedFrame[]>();
  for (const frame of frames) {
    const list = byId.get(frame.connectionId) ?? [];
    list.push(frame);
    byId.set(frame.connectionId, list);
  }
  return [...byId.values()];
}

/** Every frame that asked for an ack has one, and every delivery has its answer. */
function settled(socket: LoggedFrame[]): boolean {
  const wanted = socket.filter((f) => f.direction === 'in' && f.wantsAck).map((f) => f.id);
  const acked = new Set(socket.filter((f) => f.kind === 'ack').map((f) => f.acks));
  const deliveries = socket.filter((f) => f.direction === 'out' && f.kind === 'message').length;
  const answers = socket.filter((f) => f.direction === 'in' && f.kind === 'message').length;
  return wanted.every((id) => acked.has(id)) && deliveries === answers;
}

const userActivities = (socket: LoggedFrame[]) =>
  socket.filter((f) => f.direction === 'in' && f.name === 'user.activity').length;

/** Waits until the user's `count`-th socket is open, settled, and has sent both user.activity. */
async function socketReady(userId: string, count: number): Promise<void> {
  await until(async () => {
    const all = sockets(await loggedFrames(userId));
    const socket = all[count - 1];
    return all.length === count && socket && userActivities(socket) === 2 && settled(socket);
  });
}

async function quiet(userId: string): Promise<void> {
  await until(async () => sockets(await loggedFrames(userId)).every(settled));
}

/** The scenario, for one listener of one kind; returns what the emulator saw of it. */
async function scenario(side: keyof typeof sides) {
  const [ann, bob] = await Promise.all([createUser(), createUser()]);
  const bobClient = new ChatClient(emulatorUrl, new CommunicationTokenCredential(bob.token));
  opened.push(bobClient);
  const { chatThread } = await bobClient.createChatThread(
    { topic: 'Wire' },
    { participants: [{ id: { communicationUserId: ann.userId } }] },
  );
  const threadId = chatThread!.id;
  const bobThread = bobClient.getChatThreadClient(threadId);
  const ofThread = (p: { threadId?: string }) => p.threadId === threadId;

  const listener = await sides[side](ann);
  const { events } = listener;
  await events.next('realTimeNotificationConnected');
  await socketReady(ann.userId, 1);

  const { id: messageId } = await bobThread.sendMessage({ content: 'Hello' });
  await events.next('chatMessageReceived', (p) => p.id === messageId);
  await quiet(ann.userId);
  await bobThread.sendTypingNotification();
  await events.next('typingIndicatorReceived', ofThread);
  await quiet(ann.userId);
  await bobThread.sendReadReceipt({ chatMessageId: messageId });
  await events.next('readReceiptReceived', ofThread);
  await quiet(ann.userId);
  await bobThread.updateTopic('Wire, renamed');
  await events.next('chatThreadPropertiesUpdated', ofThread);
  await quiet(ann.userId);

  await drop(ann.userId);
  await events.next('realTimeNotificationDisconnected');
  await events.next('realTimeNotificationConnected', undefined, 1);
  await socketReady(ann.userId, 2);
  const registrations = (r: LoggedRequest) => r.method === 'POST' && r.url.includes('/registrar/');
  await until(async () => (await requestsOf(ann.userId)).filter(registrations).length === 2);

  const { id: afterId } = await bobThread.sendMessage({ content: 'After the drop' });
  await events.next('chatMessageReceived', (p) => p.id === afterId);
  await quiet(ann.userId);

  await listener.stop();
  await until(async () => {
    const second = sockets(await loggedFrames(ann.userId))[1];
    const deleted = (await requestsOf(ann.userId)).some((r) => r.method === 'DELETE');
    return second?.some((f) => f.kind === 'close') && deleted;
  });
  return {
    requests: await requestsOf(ann.userId),
    frames: await loggedFrames(ann.userId),
    events: events.seen.map((e) => e.name),
  };
}

/** Writes ids as the role they play, numbered by first appearance: `{registrationId#1}`. */
function roles() {
  const seen = new Map<string, string[]>();
  return (role: string, value: string) => {
    const values = seen.get(role) ?? [];
    if (!values.includes(value)) values.push(value);
    seen.set(role, values);
    return `{${role}#${values.indexOf(value) + 1}}`;
  };
}

/** The query's pairs as sent, in order, values undecoded. */
const pairs = (url: URL) =>
  url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    }) as Array<[string, string]>;

function transcript(run: Awaited<ReturnType<typeof scenario>>) {
  const role = roles();
  /** A query value as the transcript writes it (see the list at the top). */
  const value = (key: string, raw: string): string => {
    if (key === 'epid') return role('registrationId', raw);
    if (key === 'cor_id') return role('sessionId', raw);
    if (key === 'ccid') return role('ccid', raw);
    if (key === 'se') return role('se', raw);
    if (key === 't') return /^\d{13}$/.test(raw) ? '{time}' : raw;
    if (key === 'con_num') {
      const [clientId, attempt] = raw.split('_');
      return /^\d{13}$/.test(clientId!) ? `${role('clientId', clientId!)}_${attempt}` : raw;
    }
    if (key === 'userActivity') {
      const { cv, ...rest } = JSON.parse(decodeURI(raw)) as { cv: string };
      const [base, count] = cv.split('.');
      return JSON.stringify({ ...rest, cv: `${role('cv', base!)}.${count}` });
    }
    return raw;
  };
  const requests = run.requests.map((r) => {
    const url = new URL(r.url);
    const path = url.pathname.replace(
      /^(\/registrar\/v3\/registrations\/)([^/]+)$/,
      (_, prefix: string, id: string) => `${prefix}${role('registrationId', id)}`,
    );
    const entry: Record<string, unknown> = {
      request: `${r.method} ${path}`,
      query: pairs(url).map(([key, raw]) => `${key}=${value(key, raw)}`),
      headers: r.headerNames,
    };
    if (r.body !== '') {
      const body = JSON.parse(r.body) as {
        registrationId: string;
        transports: { TROUTER: Array<{ path: string }> };
      };
      body.registrationId = role('registrationId', body.registrationId);
      for (const transport of body.transports.TROUTER)
        transport.path = role('surl', transport.path);
      entry.body = body;
    }
    return entry;
  });
  const frames = sockets(run.frames).flatMap((socket, n) =>
    socket
      .filter((f) => f.kind !== 'heartbeat')
      .map((f) =>
        [
          `#${n + 1} ${f.direction} ${f.kind}`,
          f.id !== undefined && `${f.id}${f.wantsAck ? '+' : ''}`,
          f.name,
          f.acks,
          f.status,
          f.headerNames && `[${f.headerNames.join(',')}]`,
          f.queryKeys && `?${f.queryKeys.join('&')}`,
        ]
          .filter((part) => part !== undefined && part !== false)
          .join(' '),
      ),
  );
  return { requests, frames, events: run.events };
}

/** Every heartbeat the emulator sent was echoed, unless the socket closed first. */
function heartbeatsEchoed(frames: LoggedFrame[]): boolean {
  return sockets(frames).every((socket) =>
    socket.every((f, i) => {
      if (f.direction !== 'out' || f.kind !== 'heartbeat') return true;
      const later = socket.slice(i + 1).filter((g) => g.direction === 'in');
      return later.some((g) => g.kind === 'heartbeat') || later.every((g) => g.kind === 'close');
    }),
  );
}

describe('wire equivalence of ChatRealtimeClient and the official ChatClient, in Chromium', () => {
  // The scenario waits out each socket's second user.activity (10 s after the first ack), twice.
  it(
    'sends what the official client sends: requests, query keys, headers, registration, frames, in order',
    { timeout: 90_000 },
    async () => {
      const [officialRun, oursRun] = await Promise.all([scenario('official'), scenario('ours')]);
      const official = transcript(officialRun);
      const ours = transcript(oursRun);

      // What the transcripts hold (the official client's, written out): a connection, four
      // deliveries, a drop and the reconnect, one more delivery, and stop().
      expect(official.requests.map((r) => r.request)).toEqual([
        'GET /chat/config/realTimeNotifications',
        'POST /trouter/v4/a',
        'GET /socket.io/1/',
        'POST /registrar/v3/registrations',
        'POST /v4/a',
        'GET /socket.io/1/',
        'POST /registrar/v3/registrations',
        'DELETE /registrar/v3/registrations/{registrationId#1}',
      ]);
      const query = '?se&v&tc&timeout&auth&epid&userActivity&ccid&dom&cor_id&con_num';
      const connected = (n: number) => [
        `#${n} in open ${query}`,
        `#${n} out connect`,
        `#${n} out event trouter.connected`,
        `#${n} in event 1+ user.activity`,
        `#${n} out ack 1`,
        `#${n} in event 2+ user.activity`,
        `#${n} out ack 2`,
      ];
      const delivery = (n: number, ping: number) => [
        `#${n} out message [MS-CV,Content-Type]`,
        `#${n} in message 200 [MS-CV,trouter-client]`,
        `#${n} in event ${ping}+ ping`,
        `#${n} out ack ${ping}`,
      ];
      expect(official.frames).toEqual([
        ...connected(1),
        ...[3, 4, 5, 6].flatMap((ping) => delivery(1, ping)),
        '#1 out close',
        ...connected(2),
        ...delivery(2, 3),
        '#2 in disconnect',
        '#2 in close',
      ]);
      expect(heartbeatsEchoed(officialRun.frames)).toBe(true);
      expect(heartbeatsEchoed(oursRun.frames)).toBe(true);

      // Ours says realTimeNotificationDisconnected on stop(); the official client says nothing
      // (issue #22 asks for it). Not on the wire.
      expect(ours.events.at(-1)).toBe('realTimeNotificationDisconnected');
      ours.events.pop();

      expect(ours.requests).toEqual(official.requests);
      expect(ours.frames).toEqual(official.frames);
      expect(ours.events).toEqual(official.events);
    },
  );
});
