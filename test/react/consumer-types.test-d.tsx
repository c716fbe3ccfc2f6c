// An app that registers its own `defaultError` with TanStack Query, as TanStack documents: the
// library must still compile beside it (no competing `Register` declaration), the app's own queries
// fail with the app's type, and the chat hooks and factories still report ChatError.
import {
  QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  type DefaultError,
} from '@tanstack/react-query';
import { describe, expectTypeOf, it } from 'vitest';
import {
  threadQuery,
  threadsQuery,
  useChatMessages,
  useChatParticipants,
  useChatThread,
  useChatThreads,
  useCreateChatThread,
  useDeleteChatThread,
  useSendChatMessage,
  useChatScope,
  type ChatError,
} from '../../src/react/index.ts';

class AppError extends Error {
  readonly app = true;
}

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: AppError;
  }
}

describe('an app that registers its own defaultError', () => {
  it("types the app's own queries with it", () => {
    expectTypeOf<DefaultError>().toEqualTypeOf<AppError>();
    const own = useQuery({ queryKey: ['own'], queryFn: () => 1 });
    expectTypeOf(own.error).toEqualTypeOf<AppError | null>();
    const mutation = useMutation({ mutationFn: async () => 1 });
    expectTypeOf(mutation.error).toEqualTypeOf<AppError | null>();
  });

  it('still gets ChatError from every chat hook', () => {
    expectTypeOf(useChatThreads().error).toEqualTypeOf<ChatError | null>();
    expectTypeOf(useChatThread('t').error).toEqualTypeOf<ChatError | null>();
    expectTypeOf(useChatMessages('t').error).toEqualTypeOf<ChatError | null>();
    expectTypeOf(useChatParticipants('t').error).toEqualTypeOf<ChatError | null>();
    expectTypeOf(useCreateChatThread().error).toEqualTypeOf<ChatError | null>();
    expectTypeOf(useDeleteChatThread().error).toEqualTypeOf<ChatError | null>();
    expectTypeOf(useSendChatMessage('t').error).toEqualTypeOf<ChatError | null>();
  });

  it('and from the factories, through TanStack hooks and the cache', () => {
    const scope = useChatScope();
    expectTypeOf(useQuery(threadQuery(scope, 't')).error).toEqualTypeOf<ChatError | null>();
    expectTypeOf(useInfiniteQuery(threadsQuery(scope)).error).toEqualTypeOf<ChatError | null>();
    const queryClient = new QueryClient();
    const state = queryClient.getQueryState(threadQuery(scope, 't').queryKey);
    expectTypeOf(state?.error).toEqualTypeOf<ChatError | null | undefined>();
  });
});
