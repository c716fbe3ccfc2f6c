// The real-time connection as a badge: Live, Connecting…, or Reconnecting (the hooks poll meanwhile).
// Nothing without a real-time source.
import type { ReactNode } from 'react';
import { useChatConnection } from '../../src/react/index.ts';

const labels = {
  connected: 'Live',
  connecting: 'Connecting…',
  disconnected: 'Reconnecting (polling)',
} as const;

export function ConnectionBadge(): ReactNode {
  const connection = useChatConnection();
  if (connection === 'off') return null;
  return (
    <span className={`badge badge--${connection}`} role="status" aria-label="Connection">
      {labels[connection]}
    </span>
  );
}
