// Helpers for the real-time tests in Chromium: what the official ChatClient emits (recorded, so a
// test waits for an event rather than for time), and the emulator's side over HTTP: its open
// sockets, dropping them, and its request log.
import type { ChatClient } from '@azure/communication-chat';
import { expect } from 'vitest';
import { emulatorUrl } from '../browser/support.ts';

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

/**
 * Starts real-time notifications and records every event; `next` waits for one (already seen or to
 * come). The client accepts chat-event listeners only once start has begun, so they are added
 * between the call and its completion, before any notification can arrive.
 */
export async function startRecording(client: ChatClient) {
  const seen: Array<{ name: EventName; payload: Payload }> = [];
  const waiters = new Set<() => void>();
  const on = client.on.bind(client) as (name: EventName, listener: (p?: Payload) => void) => void;
  const started = client.startRealtimeNotifications();
  for (const name of eventNames) {
    on(name, (payload) => {
      seen.push({ name, payload: payload ?? {} });
      for (const wake of [...waiters]) wake();
    });
  }
  await started;
  return {
    seen,
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
