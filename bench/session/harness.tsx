// What the scripted sessions share: an emulator server seeded for the session, the app's
// QueryClient and ChatProvider for its first user, and a way to count the requests an action
// makes, everything it set off included.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, waitFor } from '@testing-library/react/pure';
import type { ReactNode } from 'react';
import {
  createChatEmulatorServer,
  type EmulatorRequestRecord,
  type SeedOptions,
} from '../../src/emulator/index.ts';
import { ChatProvider, CommunicationTokenCredential } from '../../src/react/index.ts';

export interface Harness {
  /** The seed's users (ids); the provider signs in as the first. */
  userIds: string[];
  queryClient: QueryClient;
  /** The app around `children`: the QueryClient and a ChatProvider for the first user. */
  App(props: { children?: ReactNode }): ReactNode;
  /** Runs `action`, waits until nothing is fetching or mutating, and returns the requests made. */
  requestsOf(action: () => Promise<void>): Promise<EmulatorRequestRecord[]>;
  close(): Promise<void>;
}

export async function openHarness(staleTimeMs: number, seed: SeedOptions): Promise<Harness> {
  const server = await createChatEmulatorServer();
  const { emulator } = server;
  const { users } = await emulator.seed(seed);
  const { token, userId } = users[0]!;
  const credential = new CommunicationTokenCredential(token);
  // The app's QueryClient, TanStack defaults apart from staleTime: it outlives the inbox, as in an app.
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: staleTimeMs } } });
  const settled = () =>
    waitFor(
      () => {
        if (queryClient.isFetching() > 0 || queryClient.isMutating() > 0) throw new Error('busy');
      },
      { timeout: 10_000 },
    );
  return {
    userIds: users.map((u) => u.userId),
    queryClient,
    App: ({ children }) => (
      <QueryClientProvider client={queryClient}>
        <ChatProvider endpoint={server.url} credential={credential} userId={userId}>
          {children}
        </ChatProvider>
      </QueryClientProvider>
    ),
    async requestsOf(action) {
      emulator.clearRequests();
      await action();
      await settled();
      // A little longer: anything scheduled after settling (a late refetch) must be counted too.
      await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
      await settled();
      return [...emulator.requests];
    },
    async close() {
      queryClient.clear();
      await server.close();
    },
  };
}
