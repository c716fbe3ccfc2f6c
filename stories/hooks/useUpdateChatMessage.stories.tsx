// #region demo
import {
  useChatMessages,
  useSendChatMessage,
  useUpdateChatMessage,
} from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function EditDemo({ threadId }: { threadId: string }) {
  const { messages } = useChatMessages(threadId, { pageSize: 5 });
  const send = useSendChatMessage(threadId);
  const update = useUpdateChatMessage(threadId);
  const mine = send.data; // the message this demo sent
  const current = messages.find((m) => m.id === mine?.id);
  return (
    <>
      <button type="button" className="button" onClick={() => send.mutate({ content: 'Draft' })}>
        Send “Draft”
      </button>
      <button
        type="button"
        className="button"
        disabled={mine === undefined}
        onClick={() => update.mutate({ messageId: mine!.id, content: 'Final text' })}
      >
        Edit it to “Final text”
      </button>
      <StateTable
        values={{
          status: update.status,
          content: current?.content?.message,
          editedOn: current?.editedOn !== undefined,
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
import source from './useUpdateChatMessage.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useUpdateChatMessage',
  tags: ['autodocs'],
  // A user of its own: what this story writes stays out of the demo user's inbox.
  parameters: { docs: { source: { code, language: 'tsx' } }, chat: { signInAs: 'newcomer' } },
  render: () => (
    <HookFrame
      name="useUpdateChatMessage"
      summary="Edits one of your messages; the cached copy becomes the server's edited message (with editedOn)."
      code={code}
    >
      <ScratchThread>{(threadId) => <EditDemo threadId={threadId} />}</ScratchThread>
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Create a scratch thread' }));
    await userEvent.click(
      await canvas.findByRole('button', { name: 'Send “Draft”' }, { timeout: 8000 }),
    );
    await expectState(canvasElement, 'content', 'Draft');
    await userEvent.click(canvas.getByRole('button', { name: 'Edit it to “Final text”' }));
    await expectState(canvasElement, 'status', 'success');
    await expectState(canvasElement, 'content', 'Final text');
    await expectState(canvasElement, 'editedOn', 'true');
  },
};
