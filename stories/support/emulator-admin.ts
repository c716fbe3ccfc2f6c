// The emulator's control routes (/acs/__emulator/*), for the Resilience controls and play
// functions. They exist only on the emulator: on a real ACS resource the controls are hidden.
import type { ActiveFaultRule, FaultRule } from '../../src/emulator/index.ts';
import { emulatorEndpoint } from './session.ts';

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${emulatorEndpoint()}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} /__emulator${path} answered ${response.status}.`);
  return response;
}

export const emulatorFaults = {
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

/** The fault-rule path for one thread (ids are percent-encoded as the client sends them). */
export const threadPath = (threadId: string) => `/chat/threads/${encodeURIComponent(threadId)}`;
