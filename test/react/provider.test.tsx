import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { Activity, StrictMode, useState, type ReactNode } from 'react';
import { ChatClient as OfficialChatClient } from '@azure/communication-chat';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  vi,
  type MockInstance,
} from 'vitest';
import {
  ChatClient,
  ChatProvider,
  CommunicationTokenCredential,
  isChatValidationError,
  type ChatProviderProps,
  useChatClient,
  useChatScope,
  useChatThreadClient,
  useChatThreads,
  type TokenCredentialLike,
} from '../../src/react/index.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { fakeJwt } from '../support/jwt.ts';
import { newQueryClient } from './helpers.tsx';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('useChatClient', () => {
  it('throws a clear Error outside <ChatProvider>', () => {
    const error = (() => {
      try {
        renderHook(() => useChatClient());
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('useChatClient must be used inside <ChatProvider>');
  });
});

describe('ChatProvider', () => {
  it('closes the client it made on unmount, and StrictMode leaves no open client', async () => {
    const ann = await emu.user();
    const credential = new CommunicationTokenCredential(ann.token);
    const seen = new Set<ChatClient>();
    function Probe() {
      const client = useChatClient();
      seen.add(client);
      const thread = useChatThreadClient('19:probe@thread.v2');
      const { threads, isSuccess } = useChatThreads();
      return (
        <p>
          {isSuccess ? `threads: ${threads.length}` : 'loading'} {thread.threadId}
        </p>
      );
    }
    const view = render(
      <StrictMode>
        <ChatProvider endpoint={emu.url} credential={credential} fallback={<p>resolving</p>}>
          <Probe />
        </ChatProvider>
      </StrictMode>,
    );
    expect(screen.getByText('resolving')).toBeTruthy();
    await screen.findByText(/threads: 0/);
    // The double mount did not close the client children hold: the list loaded through it.
    expect([...seen].filter((c) => !c.closed)).toHaveLength(1);
    view.unmount();
    await waitFor(() => expect([...seen].every((c) => c.closed)).toBe(true));
  });

  it('keeps its client through StrictMode when children mount with it (userId given)', async () => {
    const ann = await emu.user();
    const credential = new CommunicationTokenCredential(ann.token);
    const seen = new Set<ChatClient>();
    function Probe() {
      seen.add(useChatClient());
      const { threads, isSuccess, error } = useChatThreads();
      return <p>{isSuccess ? `threads: ${threads.length}` : (error?.code ?? 'loading')}</p>;
    }
    const view = render(
      <StrictMode>
        <ChatProvider endpoint={emu.url} credential={credential} userId={ann.userId}>
          <Probe />
        </ChatProvider>
      </StrictMode>,
    );
    await screen.findByText('threads: 0');
    expect([...seen].filter((c) => !c.closed)).toHaveLength(1);
    view.unmount();
    await waitFor(() => expect([...seen].every((c) => c.closed)).toBe(true));
  });

  it('gives children a new open client when a hidden <Activity> shows again', async () => {
    const ann = await emu.user();
    const credential = new CommunicationTokenCredential(ann.token);
    const seen: ChatClient[] = [];
    function Probe() {
      const client = useChatClient();
      seen.push(client);
      const { isSuccess } = useChatThreads();
      return <p>{isSuccess ? 'loaded' : 'loading'}</p>;
    }
    function App({ mode }: { mode: 'visible' | 'hidden' }) {
      return (
        <Activity mode={mode}>
          <ChatProvider endpoint={emu.url} credential={credential} userId={ann.userId}>
            <Probe />
          </ChatProvider>
        </Activity>
      );
    }
    const view = render(<App mode="visible" />);
    await screen.findByText('loaded');
    const first = seen.at(-1)!;
    view.rerender(<App mode="hidden" />);
    await waitFor(() => expect(first.closed).toBe(true));
    view.rerender(<App mode="visible" />);
    await waitFor(() => expect(seen.at(-1)).not.toBe(first));
    expect(seen.at(-1)!.closed).toBe(false);
    view.unmount();
    await waitFor(() => expect(seen.every((c) => c.closed)).toBe(true));
  });

  it('opens no new client for work that outlives the provider', async () => {
    const ann = await emu.user();
    const credential = new CommunicationTokenCredential(ann.token);
    let scope: ReturnType<typeof useChatScope> | undefined;
    function Probe() {
      scope = useChatScope();
      return <p>probe</p>;
    }
    const view = render(
      <ChatProvider endpoint={emu.url} credential={credential} userId={ann.userId}>
        <Probe />
      </ChatProvider>,
    );
    await screen.findByText('probe');
    const client = scope!.client;
    view.unmount();
    await waitFor(() => expect(client.closed).toBe(true));
    // A mutation retried after unmount reads the scope's client: the closed one, which refuses.
    expect(scope!.client).toBe(client);
    await expect(scope!.client.createChatThread({ topic: 'late' })).rejects.toMatchObject({
      code: 'ClientClosed',
    });
  });

  it('never closes a client passed in', async () => {
    const ann = await emu.user();
    const credential = new CommunicationTokenCredential(ann.token);
    const client = new ChatClient(emu.url, credential);
    let made: ChatClient | undefined;
    function Probe() {
      made = useChatClient();
      return <p>made</p>;
    }
    // Beside a provider that makes its own client: once that one is closed, this one would be too.
    const view = render(
      <>
        <ChatProvider client={client} userId={ann.userId}>
          <p>in</p>
        </ChatProvider>
        <ChatProvider endpoint={emu.url} credential={credential} userId={ann.userId}>
          <Probe />
        </ChatProvider>
      </>,
    );
    await screen.findByText('made');
    view.unmount();
    await waitFor(() => expect(made!.closed).toBe(true));
    expect(client.closed).toBe(false);
    client.close();
  });

  it("uses the app's QueryClient, else makes one", async () => {
    const ann = await emu.user();
    const credential = new CommunicationTokenCredential(ann.token);
    const app = newQueryClient();
    let inside: QueryClient | undefined;
    function Probe() {
      inside = useQueryClient();
      return <p>ready</p>;
    }
    const view = render(
      <QueryClientProvider client={app}>
        <ChatProvider endpoint={emu.url} credential={credential}>
          <Probe />
        </ChatProvider>
      </QueryClientProvider>,
    );
    await screen.findByText('ready');
    expect(inside).toBe(app);
    view.unmount();

    const own = render(
      <ChatProvider endpoint={emu.url} credential={credential}>
        <Probe />
      </ChatProvider>,
    );
    await screen.findByText('ready');
    expect(inside).toBeInstanceOf(QueryClient);
    expect(inside).not.toBe(app);
    own.unmount();
  });

  it('keys the cache by user: two users in two providers never share data', async () => {
    const { users } = await emu.emulator.seed({ users: 1, threads: 2, topic: 'Ann' });
    const ann = users[0]!;
    const bob = (await emu.emulator.seed({ users: 1, threads: 1, topic: 'Bob' })).users[0]!;
    const shared = newQueryClient();
    function Inbox({ name }: { name: string }) {
      const { threads } = useChatThreads({ pageSize: 10 });
      const { userId } = useChatScope();
      return (
        <p>
          {name}: {threads.map((t) => t.topic).join(',')} as {userId}
        </p>
      );
    }
    render(
      <QueryClientProvider client={shared}>
        <ChatProvider endpoint={emu.url} credential={new CommunicationTokenCredential(ann.token)}>
          <Inbox name="ann" />
        </ChatProvider>
        <ChatProvider endpoint={emu.url} credential={new CommunicationTokenCredential(bob.token)}>
          <Inbox name="bob" />
        </ChatProvider>
      </QueryClientProvider>,
    );
    await screen.findByText(`ann: Ann 2,Ann 1 as ${ann.userId}`);
    await screen.findByText(`bob: Bob 1 as ${bob.userId}`);
    const keys = shared
      .getQueryCache()
      .getAll()
      .map((q) => q.queryKey);
    expect(keys).toHaveLength(2);
    expect(keys.map((k) => k[2]).sort()).toEqual([ann.userId, bob.userId].sort());
  });

  it('falls back to a per-credential key when the token names no user', async () => {
    const ann = await emu.user();
    const real = new CommunicationTokenCredential(ann.token);
    // A credential whose token cannot be read (say, an opaque token from a proxy).
    const opaque: TokenCredentialLike = {
      getToken: async () => ({ token: 'opaque', expiresOnTimestamp: Date.now() + 60_000 }),
      dispose: () => undefined,
    };
    const ids: string[] = [];
    function Probe() {
      ids.push(useChatScope().userId);
      return <p>probe</p>;
    }
    render(
      <>
        <ChatProvider endpoint={emu.url} credential={opaque}>
          <Probe />
        </ChatProvider>
        <ChatProvider endpoint={emu.url} credential={real}>
          <Probe />
        </ChatProvider>
      </>,
    );
    await waitFor(() => expect(new Set(ids).size).toBe(2));
    expect(ids).toContain(ann.userId);
    expect(ids.find((id) => id !== ann.userId)).toMatch(/^credential:\d+$/);
  });

  it('switches cache and client when the credential changes', async () => {
    const ann = await emu.emulator.seed({ users: 1, threads: 1, topic: 'Ann' });
    const bob = await emu.emulator.seed({ users: 1, threads: 1, topic: 'Bob' });
    const credentials = [ann, bob].map((s) => new CommunicationTokenCredential(s.users[0]!.token));
    let switchUser: () => void = () => undefined;
    const clients: ChatClient[] = [];
    function Inbox() {
      clients.push(useChatClient());
      const { threads } = useChatThreads();
      return <p>{threads.map((t) => t.topic).join(',') || 'none'}</p>;
    }
    function App({ children }: { children?: ReactNode }) {
      const [index, setIndex] = useState(0);
      switchUser = () => setIndex(1);
      return (
        <ChatProvider
          endpoint={emu.url}
          credential={credentials[index]!}
          queryClient={newQueryClient()}
        >
          {children}
        </ChatProvider>
      );
    }
    render(
      <App>
        <Inbox />
      </App>,
    );
    await screen.findByText('Ann 1');
    act(() => switchUser());
    await screen.findByText('Bob 1');
    await waitFor(() => expect(clients[0]!.closed).toBe(true));
    expect(clients.at(-1)!.closed).toBe(false);
  });
});

/** What rendering the provider with `props` threw (React rethrows a render error from render()). */
function renderError(props: Record<string, unknown>): unknown {
  try {
    render(
      <ChatProvider {...(props as unknown as ChatProviderProps)}>
        <p>child</p>
      </ChatProvider>,
    );
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('ChatProvider props', () => {
  const credential = new CommunicationTokenCredential(fakeJwt(3600));
  const endpoint = 'http://127.0.0.1:1';
  // React reports the render error on the console before rethrowing it; the test reads it here.
  afterEach(() => vi.restoreAllMocks());

  const needsCredential =
    'Invalid credential: <ChatProvider> needs credential={new CommunicationTokenCredential(...)}, made once outside render, or a client; got';
  const needsEndpoint =
    'Invalid endpoint: <ChatProvider> needs endpoint="https://<name>.communication.azure.com", or a client.';
  it.each<[string, Record<string, unknown>, string, string]>([
    ['no credential', { endpoint }, 'credential', `${needsCredential} none.`],
    [
      'no credential, with userId',
      { endpoint, userId: '8:acs:r_1' },
      'credential',
      `${needsCredential} none.`,
    ],
    ['no endpoint', { credential }, 'endpoint', needsEndpoint],
    ['nothing', {}, 'endpoint', `${needsEndpoint} The credential is missing too.`],
    [
      'a token string as credential',
      { endpoint, credential: fakeJwt(3600) },
      'credential',
      `${needsCredential} a token string.`,
    ],
    [
      'an object that is no credential',
      { endpoint, credential: {} },
      'credential',
      `${needsCredential} no getToken() and dispose().`,
    ],
    [
      'something else as client',
      { client: { endpoint } },
      'client',
      'Invalid client: <ChatProvider> expected a ChatClient from react-acs-chat, or endpoint and credential.',
    ],
  ])('%s: a ChatValidationError naming the prop', (_name, props, argument, message) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const error = renderError(props);
    expect(isChatValidationError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ argument });
    expect((error as Error).message).toBe(message);
  });

  it("names the official SDK's ChatClient passed as client, and where it belongs", () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const official = new OfficialChatClient(
      'https://x.communication.azure.com',
      new AzureCommunicationTokenCredential(fakeJwt(3600)),
    );
    const error = renderError({ client: official });
    expect(error).toMatchObject({ name: 'ChatValidationError', argument: 'client' });
    expect((error as Error).message).toBe(
      "Invalid client: <ChatProvider> expected a ChatClient from react-acs-chat (@azure/communication-chat's goes in realtime), or endpoint and credential.",
    );
  });
});

describe('a credential made during render', () => {
  let warn: MockInstance<typeof console.warn> | undefined;
  const churnWarnings = () =>
    warn!.mock.calls.filter(([message]) => String(message).startsWith('<ChatProvider> got a new'));
  afterEach(() => {
    vi.restoreAllMocks();
    warn = undefined;
  });

  /**
   * Renders `App` (a parent of the provider, whose child shows `render <n>`) `renders` times in
   * all, each time with new props, and each time waits until the child shows: a provider given a
   * new credential re-renders itself once it has read the user from the token, so its own renders
   * come between its parent's, as they do in an app.
   */
  async function renderAndRerender(App: (props: { n: number }) => ReactNode, renders: number) {
    warn ??= vi.spyOn(console, 'warn');
    const view = render(<App n={0} />);
    await screen.findByText('render 0');
    let n = 0;
    const rerenderTo = async (total: number) => {
      while (n + 1 < total) {
        view.rerender(<App n={(n += 1)} />);
        await screen.findByText(`render ${n}`);
      }
    };
    await rerenderTo(renders);
    return { ...view, rerenderTo };
  }

  it('is warned about once per provider, in development', async () => {
    const { token } = await emu.user();
    function Inline({ n }: { n: number }) {
      return (
        <ChatProvider endpoint={emu.url} credential={new CommunicationTokenCredential(token)}>
          <p>render {n}</p>
        </ChatProvider>
      );
    }
    const view = await renderAndRerender(Inline, 3);
    // A new credential on the last two of three renders: not yet most of the last four.
    expect(churnWarnings()).toHaveLength(0);
    await view.rerenderTo(4);
    expect(churnWarnings()).toHaveLength(1);
    await view.rerenderTo(12);
    expect(churnWarnings()).toHaveLength(1);
    expect(churnWarnings()[0]![0]).toBe(
      '<ChatProvider> got a new credential object on 3 of its last 4 renders. Each one is a new user to it: it makes a new client, fetches a token and refetches every query. Make the credential once, outside render: at module scope, in useState(() => ...), or in useMemo keyed by what it depends on.',
    );
  });

  it('is warned about for a client made during render too', async () => {
    const { token, userId } = await emu.user();
    const credential = new CommunicationTokenCredential(token);
    function Inline({ n }: { n: number }) {
      return (
        <ChatProvider client={new ChatClient(emu.url, credential)} userId={userId}>
          <p>render {n}</p>
        </ChatProvider>
      );
    }
    await renderAndRerender(Inline, 6);
    expect(churnWarnings()).toHaveLength(1);
    expect(churnWarnings()[0]![0]).toMatch(/^<ChatProvider> got a new client object/);
  });

  it('is never warned about when the credential is stable, or changes now and then', async () => {
    const ann = new CommunicationTokenCredential((await emu.user()).token);
    const bob = new CommunicationTokenCredential((await emu.user()).token);
    function Stable({ n }: { n: number }) {
      const [credential] = useState(() => ann);
      return (
        <ChatProvider endpoint={emu.url} credential={credential}>
          <p>render {n}</p>
        </ChatProvider>
      );
    }
    (await renderAndRerender(Stable, 12)).unmount();
    // A user switch every third render: a new credential on 1 or 2 of any 4 renders.
    function Switching({ n }: { n: number }) {
      return (
        <ChatProvider endpoint={emu.url} credential={Math.floor(n / 3) % 2 === 0 ? ann : bob}>
          <p>render {n}</p>
        </ChatProvider>
      );
    }
    await renderAndRerender(Switching, 12);
    expect(churnWarnings()).toHaveLength(0);
  });

  it('is not warned about in production, or where there is no process to ask', async () => {
    const { token } = await emu.user();
    function Inline({ n }: { n: number }) {
      return (
        <ChatProvider endpoint={emu.url} credential={new CommunicationTokenCredential(token)}>
          <p>render {n}</p>
        </ChatProvider>
      );
    }
    vi.stubEnv('NODE_ENV', 'production');
    try {
      (await renderAndRerender(Inline, 8)).unmount();
    } finally {
      vi.unstubAllEnvs();
    }
    expect(churnWarnings()).toHaveLength(0);
    // A page without a bundler has no `process`. The renders are synchronous (each commits and
    // runs its effects inside rerender), since the test runner needs `process` between awaits.
    const view = render(<Inline n={0} />);
    vi.stubGlobal('process', undefined);
    try {
      for (let n = 1; n < 8; n += 1) view.rerender(<Inline n={n} />);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(churnWarnings()).toHaveLength(0);
    // With process back, the same renders warn: the silence above was the missing process.
    for (let n = 8; n < 12; n += 1) view.rerender(<Inline n={n} />);
    expect(churnWarnings()).toHaveLength(1);
  });
});
