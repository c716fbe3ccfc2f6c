// #region demo
import { useState } from 'react';
import { useChatThreadClient } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function ThreadClientDemo({ threadId }: { threadId: string }) {
  const thread = useChatThreadClient(threadId);
  const [first] = useState(thread); // the object from the first render
  const [renders, setRenders] = useState(1);
  const [topic, setTopic] = useState<string>();
  return (
    <>
      <button type="button" className="button" onClick={() => setRenders((n) => n + 1)}>
        Render again
      </button>
      <button
        type="button"
        className="button"
        onClick={() => void thread.getProperties().then((p) => setTopic(p.topic))}
      >
        Read the topic
      </button>
      <StateTable
        values={{ renders, sameObject: first === thread, threadId: thread.threadId, topic }}
      />
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { sessionOf } from '../support/session.ts';
import { conversationTopic } from '../support/demo-constants.ts';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import source from './useChatThreadClient.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useChatThreadClient',
  tags: ['autodocs'],
  parameters: { docs: { source: { code, language: 'tsx' } } },
  render: (_args, context) => (
    <HookFrame
      name="useChatThreadClient"
      summary="The core ChatThreadClient for a thread: the same object across renders, for calls the hooks do not wrap."
      code={code}
    >
      <ThreadClientDemo threadId={sessionOf(context).conversationThreadId ?? ''} />
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Render again' }));
    await expectState(canvasElement, 'renders', '2');
    await expectState(canvasElement, 'sameObject', 'true');
    await userEvent.click(canvas.getByRole('button', { name: 'Read the topic' }));
    await expectState(canvasElement, 'topic', conversationTopic);
  },
};
