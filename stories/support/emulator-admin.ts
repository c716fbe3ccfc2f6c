// The emulator's control routes (<endpoint>/__emulator/*), for the Resilience controls and play
// functions. They exist only on the emulator: on a real ACS resource the controls are hidden. Each
// story visit has an emulator of its own, so its fault rules touch no other visit.
import type { ActiveFaultRule, FaultRule } from '../../src/emulator/index.ts';
import { sessionOf } from './session.ts';

/** The fault rules of the emulator at `endpoint` (a visit's, see session.ts). */
export function emulatorFaults(endpoint: string) {
  async function admin(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${endpoint}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} /__emulator${path} answered ${response.status}.`);
    return response;
  }
  return {
    async list(): Promise<ActiveFaultRule[]> {
      return ((await (await admin('GET', '/faults')).json()) as { rules: ActiveFaultRule[] }).rules;
    },
    /** Replaces every rule; `seed` makes rules with a `rate` pick the same requests each run. */
    async set(rules: FaultRule[], seed?: number): Promise<ActiveFaultRule[]> {
      const response = await admin('PUT', '/faults', { rules, seed: seed ?? null });
      return ((await response.json()) as { rules: ActiveFaultRule[] }).rules;
    },
    async add(rule: FaultRule): Promise<ActiveFaultRule> {
      return (await (await admin('POST', '/faults', rule)).json()) as ActiveFaultRule;
    },
    async clear(): Promise<void> {
      await admin('DELETE', '/faults');
    },
  };
}

/** Closes every real-time socket of the emulator at `endpoint`; the clients reconnect. */
export async function dropRealtime(endpoint: string): Promise<number> {
  const response = await fetch(`${endpoint}/__emulator/realtime/drop`, { method: 'POST' });
  if (!response.ok) throw new Error(`POST /__emulator/realtime/drop answered ${response.status}.`);
  return ((await response.json()) as { dropped: number }).dropped;
}

/** The fault rules of the story's own emulator, or undefined on a real ACS resource. */
export function storyFaults(context: { loaded: Record<string, unknown> }) {
  const session = sessionOf(context);
  return session.mode === 'emulator' ? emulatorFaults(session.endpoint) : undefined;
}

/** The fault-rule path for one thread (ids are percent-encoded as the client sends them). */
export const threadPath = (threadId: string) => `/chat/threads/${encodeURIComponent(threadId)}`;
