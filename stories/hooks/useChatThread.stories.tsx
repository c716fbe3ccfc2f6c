// #region demo
import { useChatThread } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function ThreadDemo({ threadId }: { threadId: string }) {
  const thread = useChatThread(threadId);
  return (
    <StateTable
      values={{
        status: thread.status,
        topic: thread.data?.topic,
        createdOn: thread.data?.createdOn,
        createdBy: thread.data?.createdBy?.kind,
        error: thread.error,
      }}
    />
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { sessionOf } from '../support/session.ts';
import { conversationTopic } from '../support/demo-constants.ts';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import source from './useChatThread.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useChatThread',
  tags: ['autodocs'],
  parameters: { docs: { source: { code, language: 'tsx' } } },
  render: (_args, context) => (
    <HookFrame
      name="useChatThread"
      summary="A thread's properties: topic, createdOn, createdBy, metadata, retention policy."
      code={code}
    >
      <ThreadDemo threadId={sessionOf(context).conversationThreadId ?? ''} />
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvasElement }) => {
    await expectState(canvasElement, 'status', 'success');
    await expectState(canvasElement, 'topic', conversationTopic);
    await expectState(canvasElement, 'createdBy', 'communicationUser');
  },
};
