import { useQuery } from '@tanstack/react-query';
import { readReceiptsQuery } from './chat-queries.ts';
import { useScope } from './use-chat-scope.ts';

export interface UseReadReceiptsOptions {
  /** Poll every this many ms. Off by default. */
  refetchInterval?: number | false;
}

/** Who has read up to which message: one receipt per reader, the latest. */
export function useReadReceipts(threadId: string, options: UseReadReceiptsOptions = {}) {
  return useQuery({
    ...readReceiptsQuery(useScope('useReadReceipts'), threadId),
    refetchInterval: options.refetchInterval ?? false,
  });
}
