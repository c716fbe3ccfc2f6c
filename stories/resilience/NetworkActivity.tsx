// Every HTTP attempt of the story's client, newest first: retries after a 429 or a 500 show up as
// repeated lines marked "retry", which the hooks (rightly) never surface as separate states.
import { useSyncExternalStore, type ReactNode } from 'react';
import { useDemo } from '../support/demo-chat.tsx';

const clock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 1,
  hour12: false,
});

export function NetworkActivity({ limit = 25 }: { limit?: number }): ReactNode {
  const { activity } = useDemo();
  const entries = useSyncExternalStore(activity.subscribe, activity.getSnapshot);
  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title">Network activity</h2>
      <p className="hint">
        Each line is one HTTP attempt by the chat client: when it started, and its answer.
      </p>
      <ol className="activity" role="log" aria-label="Network activity">
        {entries.slice(0, limit).map((entry) => {
          const outcome = entry.outcome;
          const good = typeof outcome === 'number' && outcome < 400;
          return (
            <li key={entry.id} className="activity__entry">
              <time dateTime={new Date(entry.startedAt).toISOString()}>
                {clock.format(entry.startedAt)}
              </time>
              <span>{entry.method}</span>
              <span>
                {entry.path} {entry.retry && <span className="badge">retry</span>}
              </span>
              <span className={outcome === 'pending' ? '' : good ? 'ok' : 'bad'}>
                {outcome === 'pending' ? '…' : outcome}
                {entry.ms !== undefined ? ` ${entry.ms} ms` : ''}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
