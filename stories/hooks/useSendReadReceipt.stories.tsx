// #region demo
import {
  useChatMessages,
  useReadReceipts,
  useSendChatMessage,
  useSendReadReceipt,
} from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function MarkReadDemo({ threadId }: { threadId: string }) {
  const { messages } = useChatMessages(threadId, { pageSize: 5 });
  const receipts = useReadReceipts(threadId);
  const send = useSendChatMessage(threadId);
  const markRead = useSendReadReceipt(threadId);
  const newest = messages.find((m) => m.status === undefined);
  return (
    <>
      <button type="button" className="button" onClick={() => send.mutate({ content: 'Ping' })}>
        Send “Ping”
      </button>
      <button
        type="button"
        className="button"
        disabled={newest === undefined}
        onClick={() => markRead.mutate(newest!.id)}
      >
        Mark the newest message read
      </button>
      <StateTable
        values={{
          ping: send.status,
          status: markRead.status,
          readers: receipts.data?.length,
          readUpTo: receipts.data?.[0]?.chatMessageId === newest?.id ? 'newest' : 'older',
        }}
      />
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import { ScratchThread } from './ScratchThread.tsx';
import source from './useSendReadReceipt.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useSendReadReceipt',
  tags: ['autodocs'],
  // A user of its own: what this story writes stays out of the demo user's inbox.
  parameters: { docs: { source: { code, language: 'tsx' } }, chat: { signInAs: 'newcomer' } },
  render: () => (
    <HookFrame
      name="useSendReadReceipt"
      summary="Marks messages read up to a message id, then revalidates the read receipts."
      code={code}
    >
      <ScratchThread>{(threadId) => <MarkReadDemo threadId={threadId} />}</ScratchThread>
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Create a scratch thread' }));
    await userEvent.click(
      await canvas.findByRole('button', { name: 'Send “Ping”' }, { timeout: 8000 }),
    );
    await expectState(canvasElement, 'ping', 'success');
    await expectState(canvasElement, 'readers', '0');
    await userEvent.click(canvas.getByRole('button', { name: 'Mark the newest message read' }));
    await expectState(canvasElement, 'status', 'success');
    await expectState(canvasElement, 'readers', '1');
    await expectState(canvasElement, 'readUpTo', 'newest');
  },
};
