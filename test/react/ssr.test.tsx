// @vitest-environment node
// Server rendering: importing the library and rendering the provider touch no browser globals.
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  ChatProvider,
  CommunicationTokenCredential,
  useChatThreads,
} from '../../src/react/index.ts';
import { startEmulator } from '../support/emulator.ts';

describe('server rendering', () => {
  it('renders without window, given a userId', async () => {
    expect(typeof window).toBe('undefined');
    const emu = await startEmulator();
    try {
      const ann = await emu.user();
      function Inbox() {
        const { threads, isPending } = useChatThreads();
        return <p>{isPending ? 'loading' : threads.length}</p>;
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
      expect(html).toBe('<p>loading</p>');
    } finally {
      await emu.close();
    }
  });
});
