// #region demo
import { useTypingIndicators } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function TypingIndicatorsDemo({ threadId }: { threadId: string }) {
  const typing = useTypingIndicators(threadId);
  return (
    <StateTable
      values={{ typing: typing.map((t) => t.senderDisplayName).join(', ') || 'no one' }}
    />
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { useState, type ReactNode } from 'react';
import { ChatClient } from '../../src/core/index.ts';
import { useChatConnection } from '../../src/react/index.ts';
import { useDemo } from '../support/demo-chat.tsx';
import { expectState } from '../support/hook-play.ts';
import { sessionAs } from '../support/session.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import source from './useTypingIndicators.stories.tsx?raw';

const code = demoCode(source);

/** Grace, in another client, starts typing in the demo user's conversation. */
function GraceTypes({ threadId }: { threadId: string }): ReactNode {
  const { session } = useDemo();
  const [problem, setProblem] = useState<string>();
  // Events reach this page once its real-time source is connected.
  const connected = useChatConnection() === 'connected';
  async function type() {
    const grace = session.people.find((p) => p.displayName === 'Grace Hopper')!;
    const signedIn = await sessionAs(session, grace);
    const client = new ChatClient(signedIn.endpoint, signedIn.credential);
    await client
      .getChatThreadClient(threadId)
      .sendTypingNotification({ senderDisplayName: 'Grace Hopper' });
    client.close();
  }
  return (
    <p>
      <button
        type="button"
        className="button"
        disabled={!connected}
        onClick={() => void type().catch((e: unknown) => setProblem(String(e)))}
      >
        Grace types
      </button>
      {problem && <span role="alert">{problem}</span>}
    </p>
  );
}

const meta = {
  title: 'Hooks/useTypingIndicators',
  tags: ['autodocs'],
  parameters: { docs: { source: { code, language: 'tsx' } }, chat: { realtime: true } },
  render: (_args, context) => {
    const threadId = (context.loaded.session as { conversationThreadId?: string })
      .conversationThreadId;
    return (
      <HookFrame
        name="useTypingIndicators"
        summary="Who else is typing in a thread, from the provider's real-time source: each entry holds until 8 s after that person's last typing notification, or until their message arrives."
        code={code}
      >
        {threadId === undefined ? (
          <p>Runs on the emulator (npm start).</p>
        ) : (
          <>
            <GraceTypes threadId={threadId} />
            <TypingIndicatorsDemo threadId={threadId} />
          </>
        )}
      </HookFrame>
    );
  },
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await expectState(canvasElement, 'typing', 'no one');
    const button = await canvas.findByRole('button', { name: 'Grace types' });
    await waitFor(() => expect(button).toBeEnabled(), { timeout: 20_000 });
    await userEvent.click(button);
    await expectState(canvasElement, 'typing', 'Grace Hopper', 20_000);
  },
};
