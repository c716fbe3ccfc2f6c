// Controls for the fault rules of the visit's emulator (<endpoint>/__emulator/faults): pick how the service behaves
// and watch the screen next to it cope. Each mode is a set of rules the emulator applies to the
// requests that match; the active rules are listed with how many requests they have hit.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import type { FaultRule } from '../../src/emulator/index.ts';
import { useDemo } from '../support/demo-chat.tsx';
import { dropRealtime, emulatorFaults } from '../support/emulator-admin.ts';

export interface FaultMode {
  id: string;
  label: string;
  description: string;
  rules: FaultRule[];
}

export const faultModes: FaultMode[] = [
  { id: 'healthy', label: 'Healthy', description: 'No faults.', rules: [] },
  {
    id: 'slow',
    label: 'Slow',
    description: 'Every request waits 1.5 s: pending states and optimistic updates show.',
    rules: [{ latencyMs: 1500 }],
  },
  {
    id: 'throttled',
    label: 'Throttled (429)',
    description: 'Half the requests get 429 with Retry-After 1 s; the client waits and retries.',
    rules: [{ status: 429, retryAfterMs: 1000, rate: 0.5 }],
  },
  {
    id: 'writes-fail',
    label: 'Writes fail (500)',
    description: 'Creates and deletes fail after retries: deletes roll back, creates report it.',
    rules: [
      { method: 'POST', path: '/chat/threads', status: 500 },
      { method: 'DELETE', path: '/chat/threads/*', status: 500 },
    ],
  },
  {
    id: 'unavailable',
    label: 'Unavailable (503)',
    description: 'Everything answers 503 (Retry-After 1 s): retries, then errors. Reads included.',
    rules: [{ path: '/chat/**', status: 503, retryAfterMs: 1000 }],
  },
];

const faultsKey = ['emulator', 'faults'] as const;

export function FaultControls(): ReactNode {
  const { session } = useDemo();
  const ids = useId();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState('healthy');
  const [problem, setProblem] = useState<string>();
  const [dropped, setDropped] = useState<string>();
  const faults = emulatorFaults(session.endpoint);
  const rules = useQuery({
    queryKey: faultsKey,
    queryFn: () => faults.list(),
    refetchInterval: 1000,
    enabled: session.mode === 'emulator',
  });

  if (session.mode !== 'emulator') {
    return (
      <p className="hint">
        Fault controls need the local emulator; the stories are pointed at a real ACS resource.
      </p>
    );
  }

  async function choose(next: FaultMode) {
    setMode(next.id);
    setProblem(undefined);
    try {
      // A fixed seed makes "half the requests" the same half on every run.
      await faults.set(next.rules, 7);
      await queryClient.invalidateQueries({ queryKey: faultsKey });
    } catch (error) {
      setProblem(String(error));
    }
  }

  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Service behaviour</h2>
      <fieldset className="modes">
        <legend className="hint">The emulator applies these to the chat API.</legend>
        {faultModes.map((option) => (
          <div key={option.id} className="mode">
            <label>
              <input
                type="radio"
                name={`${ids}-mode`}
                value={option.id}
                checked={mode === option.id}
                aria-describedby={`${ids}-${option.id}`}
                onChange={() => void choose(option)}
              />
              {option.label}
            </label>
            <small id={`${ids}-${option.id}`}>{option.description}</small>
          </div>
        ))}
      </fieldset>
      {problem && (
        <p role="alert" className="error">
          Could not set the faults: {problem}
        </p>
      )}
      <h3 className="subheading">Real-time</h3>
      <p>
        <button
          type="button"
          className="button button--quiet"
          onClick={() =>
            void dropRealtime(session.endpoint).then(
              (count) => setDropped(`Dropped ${count} connection${count === 1 ? '' : 's'}.`),
              (error: unknown) => setDropped(String(error)),
            )
          }
        >
          Drop real-time connections
        </button>{' '}
        <span className="hint" role="status" aria-label="Dropped connections">
          {dropped}
        </span>
      </p>
      <h3 className="subheading">Active rules</h3>
      <ul aria-label="Active fault rules" className="activity">
        {(rules.data ?? []).map((rule) => (
          <li key={rule.id}>
            <span>{rule.method ?? 'any'}</span>
            <span>
              {rule.path ?? '/**'}{' '}
              {rule.status ?? (rule.latencyMs !== undefined ? `+${rule.latencyMs} ms` : '')}
              {rule.rate !== undefined ? ` (${rule.rate * 100}%)` : ''}
            </span>
            <span>{rule.hits} hits</span>
          </li>
        ))}
        {rules.data?.length === 0 && (
          <li className="activity__note">None: the service is healthy.</li>
        )}
      </ul>
    </section>
  );
}
