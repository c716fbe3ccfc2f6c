import {
  useMutation,
  useQueryClient,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import type { ChatError } from '../core/index.ts';
import { chatKeys, type ChatKeys } from './chat-keys.ts';
import type { ChatMutationOptions } from './mutation-options.ts';
import { removeThreads, type ThreadListData } from './thread-lists.ts';
import { useChatScope } from './use-chat-scope.ts';

interface DeleteContext {
  snapshot: Array<[QueryKey, ThreadListData | undefined]>;
}

/** Thread ids whose deletion is still in flight, except `except`. */
function pendingDeletions(queryClient: QueryClient, keys: ChatKeys, except: string): Set<string> {
  const ids = queryClient
    .getMutationCache()
    .findAll({ mutationKey: keys.mutations.deleteThread(), status: 'pending' })
    .map((mutation) => mutation.state.variables)
    .filter((id): id is string => typeof id === 'string' && id !== except);
  return new Set(ids);
}

/**
 * Deletes a thread, optimistically: it leaves every cached thread list (all page sizes) as soon as
 * `mutate` is called; if the service fails, the lists are put back exactly as they were. Pending
 * deletions are visible elsewhere through `useMutationState({ filters: { mutationKey:
 * chatKeys(scope).mutations.deleteThread(), status: 'pending' } })`; variables are thread ids.
 * Deleting a thread that is already gone succeeds, as with the service.
 */
export function useDeleteChatThread(options: ChatMutationOptions<void, string> = {}) {
  const scope = useChatScope('useDeleteChatThread');
  const queryClient = useQueryClient();
  const keys = chatKeys(scope);
  const lists = { queryKey: keys.threadLists() };
  const hide = (threadId: string) =>
    queryClient.setQueriesData<ThreadListData>(lists, (data) =>
      data === undefined ? data : removeThreads(data, new Set([threadId])),
    );
  return useMutation<void, ChatError, string, DeleteContext>({
    ...options,
    mutationKey: keys.mutations.deleteThread(),
    mutationFn: (threadId) => scope.client.deleteChatThread(threadId),
    onMutate: async (threadId) => {
      // Snapshot and hide before anything awaits, so the thread is gone in the render that shows
      // the mutation pending; then stop list fetches in flight from bringing it back.
      const snapshot = queryClient.getQueriesData<ThreadListData>(lists);
      hide(threadId);
      await queryClient.cancelQueries(lists);
      hide(threadId); // a cancelled fetch restores the data it started from
      return { snapshot };
    },
    onError: (_error, threadId, context) => {
      if (context === undefined) return;
      // Exactly as before, except for other deletions still in flight.
      const others = pendingDeletions(queryClient, keys, threadId);
      for (const [key, data] of context.snapshot) {
        queryClient.setQueryData<ThreadListData>(
          key,
          data === undefined ? data : removeThreads(data, others),
        );
      }
    },
    onSuccess: (_data, threadId) => {
      queryClient.removeQueries({ queryKey: keys.threadScope(threadId) });
    },
    onSettled: () => {
      // The last deletion to settle revalidates; earlier ones would refetch lists mid-flight.
      if (queryClient.isMutating({ mutationKey: keys.mutations.deleteThread() }) > 1) return;
      return queryClient.invalidateQueries(lists);
    },
  });
}
