// #region demo
import { useState } from 'react';
import { useTypingNotifier } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function TypingDemo({ threadId }: { threadId: string }) {
  const notifyTyping = useTypingNotifier(threadId, { senderDisplayName: 'Ada Lovelace' });
  const [results, setResults] = useState<boolean[]>([]);
  return (
    <>
      <label htmlFor="typing">Type here</label>
      <input
        id="typing"
        onChange={() => void notifyTyping().then((sent) => setResults((r) => [...r, sent]))}
      />
      <StateTable
        values={{
          keystrokes: results.length,
          notificationsSent: results.filter(Boolean).length,
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
import source from './useTypingNotifier.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useTypingNotifier',
  tags: ['autodocs'],
  // A user of its own: what this story writes stays out of the demo user's inbox.
  parameters: { docs: { source: { code, language: 'tsx' } }, chat: { signInAs: 'newcomer' } },
  render: () => (
    <HookFrame
      name="useTypingNotifier"
      summary="Returns notifyTyping(), to call on every keystroke: it sends at most one typing notification per 8 s per thread (as the official SDK) and resolves to whether it sent one. It never rejects: failures go to onError."
      code={code}
    >
      <ScratchThread>{(threadId) => <TypingDemo threadId={threadId} />}</ScratchThread>
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Create a scratch thread' }));
    await userEvent.type(await canvas.findByLabelText('Type here', {}, { timeout: 8000 }), 'hello');
    await expectState(canvasElement, 'keystrokes', '5');
    await expectState(canvasElement, 'notificationsSent', '1');
  },
};
