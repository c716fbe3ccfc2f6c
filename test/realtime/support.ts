// Helpers for the real-time tests in Chromium: what the official ChatClient or our
// ChatRealtimeClient emits (recorded, so a test waits for an event rather than for time), and the
// emulator's side over HTTP: its open sockets, dropping them, its request and frame logs.
import type { ChatClient } from '@azure/communication-chat';
import { expect, inject } from 'vitest';
import type { ChatRealtimeClient } from '../../src/core/index.ts';
import { emulatorUrl } from '../browser/support.ts';
import type { LoggedFrame, LoggedRequest } from '../support/request-log-server.ts';

export { loggedRequests } from '../browser/support.ts';

export const eventNames = [
  'chatMessageReceived',
  'chatMessageEdited',
  'chatMessageDeleted',
  'typingIndicatorReceived',
  'readReceiptReceived',
  'chatThreadCreated',
  'chatThreadPropertiesUpdated',
  'chatThreadDeleted',
  'participantsAdded',
  'participantsRemoved',
  'realTimeNotificationConnected',
  'realTimeNotificationDisconnected',
] as const;
export type EventName = (typeof eventNames)[number];
export type Payload = Record<string, unknown> & { threadId?: string };

type On = (name: EventName, listener: (p?: Payload) => void) => void;

/**
 * Starts real-time notifications and records every event; `next` waits for one (already seen or to
 * come). The official client accepts chat-event listeners only once start has begun, so they are
 * added between the call and its completion, before any notification can arrive.
 */
export function startRecording(client: ChatClient) {
  return record(client.on.bind(client) as On, () => client.startRealtimeNotifications());
}

/** The same for our ChatRealtimeClient, whose start() resolves once connected. */
export function startRecordingOurs(client: ChatRealtimeClient) {
  return record(client.on.bind(client) as On, () => client.start());
}

export type Recording = ReturnType<typeof recorder>;

async function record(on: On, start: () => Promise<void>) {
  const recording = recorder();
  const started = start();
  recording.listen(on);
  await started;
  return recording;
}

/** Records the events `listen` is given a source's `on` for; `next` waits for one. */
export function recorder() {
  const seen: Array<{ name: EventName; payload: Payload }> = [];
  const waiters = new Set<() => void>();
  return {
    seen,
    listen(on: On) {
      for (const name of eventNames) {
        on(name, (payload) => {
          seen.push({ name, payload: payload ?? {} });
          for (const wake of [...waiters]) wake();
        });
      }
    },
    /** The `index`-th (0-based) event of this name that matches. */
    next(name: EventName, where: (p: Payload) => boolean = () => true, index = 0) {
      return new Promise<Payload>((resolve) => {
        const check = () => {
          const found = seen.filter((e) => e.name === name && where(e.payload))[index];
          if (found === undefined) return;
          waiters.delete(check);
          resolve(found.payload);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Closes the user's open sockets through the emulator's admin route (the client reconnects). */
export async function drop(userId: string): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__emulator/realtime/drop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  expect(await response.json()).toEqual({ dropped: 1 });
}

/** The user's open sockets on the emulator. */
export async function connectionCount(userId: string): Promise<number> {
  const url = `${emulatorUrl}/__emulator/realtime?userId=${encodeURIComponent(userId)}`;
  return ((await (await fetch(url)).json()) as { connections: number }).connections;
}

/** Resolves with `check`'s first truthy value, asked again after each short pause. */
export async function until<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
): Promise<T> {
  for (;;) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The emulator's real-time frame records for a user's sockets, oldest first. */
export async function loggedFrames(userId: string): Promise<LoggedFrame[]> {
  const url = `${inject('requestLogUrl')}/frames?userId=${encodeURIComponent(userId)}`;
  return (await (await fetch(url)).json()) as LoggedFrame[];
}

/** The emulator's records of the requests that carried a user's token, oldest first. */
export async function requestsOf(userId: string): Promise<LoggedRequest[]> {
  const url = `${inject('requestLogUrl')}/?userId=${encodeURIComponent(userId)}`;
  return (await (await fetch(url)).json()) as LoggedRequest[];
}
