// #region demo
import {
  getIdentifierRawId,
  useChatParticipants,
  useRemoveChatParticipant,
} from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function RemoveDemo({ threadId }: { threadId: string }) {
  const participants = useChatParticipants(threadId);
  const remove = useRemoveChatParticipant(threadId);
  return (
    <>
      <ul aria-label="Participants">
        {participants.data?.map((p) => (
          <li key={getIdentifierRawId(p.id)}>
            {p.displayName}{' '}
            <button
              type="button"
              className="button button--quiet"
              onClick={() => remove.mutate(p.id)}
            >
              Remove {p.displayName}
            </button>
          </li>
        ))}
      </ul>
      <StateTable values={{ status: remove.status, participants: participants.data?.length }} />
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import { ScratchThread } from './ScratchThread.tsx';
import source from './useRemoveChatParticipant.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useRemoveChatParticipant',
  tags: ['autodocs'],
  // A user of its own: what this story writes stays out of the demo user's inbox.
  parameters: { docs: { source: { code, language: 'tsx' } }, chat: { signInAs: 'newcomer' } },
  render: () => (
    <HookFrame
      name="useRemoveChatParticipant"
      summary="Removes a participant and revalidates the participants. Removing yourself is leaving: the thread leaves your cached lists."
      code={code}
    >
      <ScratchThread>{(threadId) => <RemoveDemo threadId={threadId} />}</ScratchThread>
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Create a scratch thread' }));
    await expectState(canvasElement, 'participants', '2');
    await userEvent.click(canvas.getByRole('button', { name: 'Remove Grace Hopper' }));
    await expectState(canvasElement, 'status', 'success');
    await expectState(canvasElement, 'participants', '1');
  },
};
