// #region demo
import { useState } from 'react';
import { useCreateChatThread } from '../../src/react/index.ts';
import { useDemo } from '../support/demo-chat.tsx';
import { StateTable } from './HookFrame.tsx';

function CreateDemo() {
  const { session } = useDemo();
  const create = useCreateChatThread();
  const [topic, setTopic] = useState('Planning');
  const [bogus, setBogus] = useState(true);
  const participants = [
    { id: { communicationUserId: session.user.userId }, displayName: session.user.displayName },
    // An id the service does not know: the thread is made, and this one is reported.
    ...(bogus ? [{ id: { communicationUserId: '8:acs:no-such-user' } }] : []),
  ];
  return (
    <>
      <label htmlFor="topic">Topic</label>
      <input id="topic" value={topic} onChange={(e) => setTopic(e.target.value)} />
      <label className="check">
        <input type="checkbox" checked={bogus} onChange={() => setBogus(!bogus)} />
        Include an unknown participant
      </label>
      <button
        type="button"
        className="button"
        disabled={create.isPending}
        onClick={() => create.mutate({ topic, participants })}
      >
        Create
      </button>
      <StateTable
        values={{
          status: create.status,
          topic: create.data?.chatThread?.topic,
          invalidParticipants: create.data?.invalidParticipants?.map((p) => p.target) ?? [],
          error: create.error,
        }}
      />
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import source from './useCreateChatThread.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useCreateChatThread',
  tags: ['autodocs'],
  // A user of its own: what this story writes stays out of the demo user's inbox.
  parameters: { docs: { source: { code, language: 'tsx' } }, chat: { signInAs: 'newcomer' } },
  render: () => (
    <HookFrame
      name="useCreateChatThread"
      summary="Creates a thread; when the service answers it goes to the top of every cached thread list, with no refetch. A create can partly succeed: invalidParticipants lists who was not added. Retries reuse one idempotency token."
      code={code}
    >
      <CreateDemo />
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await expectState(canvasElement, 'status', 'idle');
    await userEvent.click(canvas.getByRole('button', { name: 'Create' }));
    await expectState(canvasElement, 'status', 'success');
    await expectState(canvasElement, 'topic', 'Planning');
    await expectState(canvasElement, 'invalidParticipants', '["8:acs:no-such-user"]');
  },
};
