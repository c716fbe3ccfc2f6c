// The real-time connection as a badge: Live, Connecting…, or Reconnecting (the hooks poll meanwhile).
// Nothing without a real-time source.
import { useState, type ReactNode } from 'react';
import { useChatConnection } from '../../src/react/index.ts';

const labels = {
  connected: 'Live',
  connecting: 'Connecting…',
  disconnected: 'Reconnecting (polling)',
} as const;

export function ConnectionBadge(): ReactNode {
  const connection = useChatConnection();
  // Counted while rendering (derived state): how often the connection came back after a drop.
  const [seen, setSeen] = useState({ last: connection, reconnects: 0 });
  if (seen.last !== connection) {
    const back = connection === 'connected' && seen.last === 'disconnected';
    setSeen({ last: connection, reconnects: seen.reconnects + (back ? 1 : 0) });
  }
  if (connection === 'off') return null;
  return (
    <span className={`badge badge--${connection}`} role="status" aria-label="Connection">
      {labels[connection]}
      {connection === 'connected' && seen.reconnects > 0 && ` (reconnected ${seen.reconnects}×)`}
    </span>
  );
}
