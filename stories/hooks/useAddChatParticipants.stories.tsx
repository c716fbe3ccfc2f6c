// #region demo
import { useAddChatParticipants, useChatParticipants } from '../../src/react/index.ts';
import { useDemo } from '../support/demo-chat.tsx';
import { StateTable } from './HookFrame.tsx';

function AddDemo({ threadId }: { threadId: string }) {
  const { session } = useDemo();
  const participants = useChatParticipants(threadId);
  const add = useAddChatParticipants(threadId);
  const alan = session.people[1]!;
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() =>
          add.mutate([
            { id: { communicationUserId: alan.userId }, displayName: alan.displayName },
            // Not a user: reported in invalidParticipants, the others are still added.
            { id: { communicationUserId: '8:acs:no-such-user' } },
          ])
        }
      >
        Add {alan.displayName} and an unknown id
      </button>
      <StateTable
        values={{
          status: add.status,
          participants: participants.data?.length,
          invalidParticipants: add.data?.invalidParticipants?.length ?? 0,
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
import source from './useAddChatParticipants.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useAddChatParticipants',
  tags: ['autodocs'],
  // A user of its own: what this story writes stays out of the demo user's inbox.
  parameters: { docs: { source: { code, language: 'tsx' } }, chat: { signInAs: 'newcomer' } },
  render: () => (
    <HookFrame
      name="useAddChatParticipants"
      summary="Adds participants; invalidParticipants lists those the service refused. The participants query is revalidated."
      code={code}
    >
      <ScratchThread>{(threadId) => <AddDemo threadId={threadId} />}</ScratchThread>
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Create a scratch thread' }));
    await expectState(canvasElement, 'participants', '2');
    await userEvent.click(canvas.getByRole('button', { name: /^Add / }));
    await expectState(canvasElement, 'status', 'success');
    await expectState(canvasElement, 'invalidParticipants', '1');
    await expectState(canvasElement, 'participants', '3');
  },
};
