// The frame around every story: a fresh QueryClient (with the TanStack Query devtools), a core
// ChatClient whose requests are recorded for the network panel, and ChatProvider. Stories read the
// signed-in session (who they are, whom they can add, whether faults can be set) with useDemo().
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ReactQueryDevtools } from '@tanstack/react-query-devtools';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { ChatClient, ChatProvider, type ChatClientOptions } from '../../src/react/index.ts';
import { createActivityLog, type ActivityLog } from './activity.ts';
import { useOfficialRealtime } from './official-realtime.ts';
import type { ChatSession, SignInAs } from './session.ts';

/** Story parameters read by the preview: `parameters: { chat: { signInAs: 'newcomer' } }`. */
export interface ChatStoryParameters {
  signInAs?: SignInAs;
  /** Options for the story's ChatClient, e.g. shorter retry back-off. */
  clientOptions?: Omit<ChatClientOptions, 'fetch'>;
  /**
   * Live: `true` for the provider's own real-time client (react-acs-chat's, the default of a
   * ChatProvider), `'official'` for the official ChatClient as its source; otherwise it polls.
   */
  realtime?: ChatStoryRealtime;
}

export type ChatStoryRealtime = boolean | 'official';

export interface DemoContextValue {
  session: ChatSession;
  activity: ActivityLog;
}

const DemoContext = createContext<DemoContextValue | undefined>(undefined);

export function useDemo(): DemoContextValue {
  const value = useContext(DemoContext);
  if (value === undefined) throw new Error('useDemo must be used inside <DemoChat>');
  return value;
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // The core client retries transient failures itself; a second layer would only hide them.
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

export function DemoChat(props: {
  session: ChatSession;
  clientOptions?: ChatStoryParameters['clientOptions'];
  /** Show the TanStack Query devtools button (not on docs pages, where stories share a page). */
  devtools?: boolean;
  /** Live with our client (`true`), with the official ChatClient (`'official'`), or polling. */
  realtime?: ChatStoryRealtime;
  children: ReactNode;
}): ReactNode {
  const { session, clientOptions, devtools = true, realtime = false, children } = props;
  const official = useOfficialRealtime(session, realtime === 'official');
  // Left out, the provider connects with react-acs-chat's own client, from the client's endpoint
  // and credential; the official one is a source like any other; false polls.
  const source = realtime === 'official' ? official : realtime ? undefined : false;
  const [queryClient] = useState(createQueryClient);
  const [activity] = useState(createActivityLog);
  const [client] = useState(
    () =>
      new ChatClient(session.endpoint, session.credential, {
        ...clientOptions,
        fetch: activity.fetch,
      }),
  );
  // We built the client, so we close it; a tick later, so StrictMode's re-run can keep it open.
  const closing = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    clearTimeout(closing.current);
    return () => {
      closing.current = setTimeout(() => client.close(), 0);
    };
  }, [client]);
  return (
    <QueryClientProvider client={queryClient}>
      <ChatProvider client={client} userId={session.user.userId} realtime={source}>
        <DemoContext.Provider value={{ session, activity }}>
          {/* Leaves the devtools button a strip of its own, so it covers no status line. */}
          <div className={devtools ? 'with-devtools' : undefined}>{children}</div>
        </DemoContext.Provider>
      </ChatProvider>
      {devtools && <ReactQueryDevtools initialIsOpen={false} buttonPosition="bottom-left" />}
    </QueryClientProvider>
  );
}
