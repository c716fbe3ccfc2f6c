// #region demo
import { useChatMessages } from '../../src/react/index.ts';
import { messageText } from '../support/message-text.ts';
import { StateTable } from './HookFrame.tsx';

function MessagesDemo({ threadId }: { threadId: string }) {
  // Newest first; fetchNextPage loads older ones. refetchInterval polls for new messages only.
  const list = useChatMessages(threadId, { pageSize: 5, refetchInterval: 5000 });
  return (
    <>
      <StateTable
        values={{
          status: list.status,
          loaded: list.messages.length,
          hasNextPage: list.hasNextPage,
          error: list.error,
        }}
      />
      <ol aria-label="Messages">
        {list.messages.map((message) => (
          <li key={message.id}>
            {message.senderDisplayName ?? message.type}: {messageText(message)}
          </li>
        ))}
      </ol>
      <button type="button" className="button" onClick={() => void list.fetchNextPage()}>
        Load older
      </button>
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { sessionOf } from '../support/session.ts';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import source from './useChatMessages.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useChatMessages',
  tags: ['autodocs'],
  parameters: { docs: { source: { code, language: 'tsx' } } },
  render: (_args, context) => (
    <HookFrame
      name="useChatMessages"
      summary="A thread's messages, newest first, one flat list across pages, each once (system messages included, deleted ones hidden). fetchNextPage loads older ones; refetchInterval polls for new ones without refetching history."
      code={code}
    >
      <MessagesDemo threadId={sessionOf(context).conversationThreadId ?? ''} />
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await expectState(canvasElement, 'status', 'success');
    const list = canvas.getByRole('list', { name: 'Messages' });
    const first = within(list).getAllByRole('listitem').length;
    // Up to 5 a page: messages other stories deleted are still listed by the service, and hidden.
    await expect(first).toBeGreaterThanOrEqual(3);
    await userEvent.click(canvas.getByRole('button', { name: 'Load older' }));
    await waitFor(() =>
      expect(within(list).getAllByRole('listitem').length).toBeGreaterThanOrEqual(first + 3),
    );
  },
};
