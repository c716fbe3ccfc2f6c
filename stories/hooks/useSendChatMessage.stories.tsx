// #region demo
import { useState } from 'react';
import { useChatMessages, useSendChatMessage } from '../../src/react/index.ts';
import { messageText } from '../support/message-text.ts';
import { StateTable } from './HookFrame.tsx';

function SendDemo({ threadId }: { threadId: string }) {
  const { messages, status } = useChatMessages(threadId, { pageSize: 5 });
  const send = useSendChatMessage(threadId);
  const [text, setText] = useState('Hello!');
  return (
    <>
      <label htmlFor="text">Message</label>
      <input id="text" value={text} onChange={(e) => setText(e.target.value)} />
      <button
        type="button"
        className="button"
        onClick={() => send.mutate({ content: text, senderDisplayName: 'Ada Lovelace' })}
      >
        Send
      </button>
      <StateTable
        values={{ list: status, status: send.status, newest: messages[0]?.status ?? 'sent' }}
      />
      <ol aria-label="Messages">
        {messages.map((m) => (
          <li key={m.id}>
            {messageText(m)} {m.status === 'pending' && '(sending…)'}
            {m.status === 'failed' && (
              <button type="button" onClick={() => send.retry(m)}>
                Retry
              </button>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { storyFaults } from '../support/emulator-admin.ts';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import { ScratchThread } from './ScratchThread.tsx';
import source from './useSendChatMessage.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useSendChatMessage',
  tags: ['autodocs'],
  // A user of its own: what this story writes stays out of the demo user's inbox.
  parameters: { docs: { source: { code, language: 'tsx' } }, chat: { signInAs: 'newcomer' } },
  render: () => (
    <HookFrame
      name="useSendChatMessage"
      summary="Sends a message optimistically: it is at the top of the thread's lists at once with status 'pending'; the server's message then takes its place. On failure it stays with status 'failed' until retry(message) or discard(message)."
      code={code}
    >
      <ScratchThread>{(threadId) => <SendDemo threadId={threadId} />}</ScratchThread>
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async (context) => {
    const { canvas, canvasElement, userEvent } = context;
    await userEvent.click(await canvas.findByRole('button', { name: 'Create a scratch thread' }));
    const send = await canvas.findByRole('button', { name: 'Send' }, { timeout: 8000 });
    // The pending copy goes into the cached list, so let the list load first.
    await expectState(canvasElement, 'list', 'success');
    // The new thread's system messages read as words, not as empty items.
    const list = canvas.getByRole('list', { name: 'Messages' });
    await expect(await within(list).findByText(/ joined$/)).toBeVisible();
    for (const item of within(list).getAllByRole('listitem')) {
      await expect(item.textContent?.trim()).not.toBe('');
    }
    await storyFaults(context)?.add({
      method: 'POST',
      path: '/chat/threads/*/messages',
      latencyMs: 800,
      times: 1,
    });
    await userEvent.click(send);
    await expectState(canvasElement, 'newest', 'pending');
    await expectState(canvasElement, 'status', 'success');
    await expectState(canvasElement, 'newest', 'sent');
  },
};
