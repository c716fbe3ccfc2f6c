// #region demo
import {
  useChatMessages,
  useDeleteChatMessage,
  useSendChatMessage,
} from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function DeleteMessageDemo({ threadId }: { threadId: string }) {
  const { messages } = useChatMessages(threadId, { pageSize: 5 });
  const send = useSendChatMessage(threadId);
  const remove = useDeleteChatMessage(threadId);
  const sent = send.data;
  return (
    <>
      <button type="button" className="button" onClick={() => send.mutate({ content: 'Oops' })}>
        Send “Oops”
      </button>
      <button
        type="button"
        className="button"
        disabled={sent === undefined}
        onClick={() => remove.mutate(sent!.id)}
      >
        Delete it
      </button>
      <StateTable
        values={{
          status: remove.status,
          listed: messages.some((m) => m.id === sent?.id),
          error: remove.error,
        }}
      />
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { storyFaults } from '../support/emulator-admin.ts';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import { ScratchThread } from './ScratchThread.tsx';
import source from './useDeleteChatMessage.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useDeleteChatMessage',
  tags: ['autodocs'],
  // A user of its own: what this story writes stays out of the demo user's inbox.
  parameters: { docs: { source: { code, language: 'tsx' } }, chat: { signInAs: 'newcomer' } },
  render: () => (
    <HookFrame
      name="useDeleteChatMessage"
      summary="Deletes one of your messages optimistically: it gets deletedOn at once (and leaves lists that hide deleted messages), and gets its old self back if the service fails."
      code={code}
    >
      <ScratchThread>{(threadId) => <DeleteMessageDemo threadId={threadId} />}</ScratchThread>
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async (context) => {
    const { canvas, canvasElement, userEvent } = context;
    await userEvent.click(await canvas.findByRole('button', { name: 'Create a scratch thread' }));
    await userEvent.click(
      await canvas.findByRole('button', { name: 'Send “Oops”' }, { timeout: 8000 }),
    );
    await expectState(canvasElement, 'listed', 'true');
    await storyFaults(context)?.add({ method: 'DELETE', latencyMs: 800, times: 1 });
    await userEvent.click(canvas.getByRole('button', { name: 'Delete it' }));
    await expectState(canvasElement, 'listed', 'false'); // before the answer
    await expectState(canvasElement, 'status', 'pending');
    await expectState(canvasElement, 'status', 'success');
  },
};
