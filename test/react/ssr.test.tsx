// @vitest-environment node
// Server rendering: importing the library and rendering the provider touch no browser globals.
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  ChatProvider,
  CommunicationTokenCredential,
  useChatConnection,
  useChatThreads,
} from '../../src/react/index.ts';
import { startEmulator } from '../support/emulator.ts';

describe('server rendering', () => {
  it('renders without window, given a userId, and connects nothing', async () => {
    expect(typeof window).toBe('undefined');
    const emu = await startEmulator();
    try {
      const ann = await emu.user();
      function Inbox() {
        const { threads, isPending } = useChatThreads();
        const connection = useChatConnection();
        return <p>{`${isPending ? 'loading' : threads.length} ${connection}`}</p>;
      }
      const html = renderToString(
        <ChatProvider
          endpoint={emu.url}
          credential={new CommunicationTokenCredential(ann.token)}
          userId={ann.userId}
        >
          <Inbox />
        </ChatProvider>,
      );
      // Node has a WebSocket, but the default real-time client starts in an effect: never here.
      expect(typeof WebSocket).toBe('function');
      expect(html).toBe('<p>loading off</p>');
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(emu.emulator.requests.map((r) => new URL(r.url).pathname)).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
