// #region demo
import { useState } from 'react';
import { useChatThread, useUpdateChatThread } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function RenameDemo({ threadId }: { threadId: string }) {
  const thread = useChatThread(threadId);
  const update = useUpdateChatThread(threadId);
  const [topic, setTopic] = useState('Renamed thread');
  return (
    <>
      <label htmlFor="new-topic">New topic</label>
      <input id="new-topic" value={topic} onChange={(e) => setTopic(e.target.value)} />
      <button type="button" className="button" onClick={() => update.mutate({ topic })}>
        Rename
      </button>
      <StateTable
        values={{ status: update.status, topic: thread.data?.topic, error: update.error }}
      />
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import { ScratchThread } from './ScratchThread.tsx';
import source from './useUpdateChatThread.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useUpdateChatThread',
  tags: ['autodocs'],
  // A user of its own: what this story writes stays out of the demo user's inbox.
  parameters: { docs: { source: { code, language: 'tsx' } }, chat: { signInAs: 'newcomer' } },
  render: () => (
    <HookFrame
      name="useUpdateChatThread"
      summary="Changes a thread's topic, metadata or retention policy; the thread's cached properties and its topic in every cached list follow."
      code={code}
    >
      <ScratchThread>{(threadId) => <RenameDemo threadId={threadId} />}</ScratchThread>
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Create a scratch thread' }));
    await userEvent.click(await canvas.findByRole('button', { name: 'Rename' }, { timeout: 8000 }));
    await expectState(canvasElement, 'status', 'success');
    await expectState(canvasElement, 'topic', 'Renamed thread');
  },
};
