// #region demo
import { getIdentifierRawId, useChatParticipants } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function ParticipantsDemo({ threadId }: { threadId: string }) {
  const participants = useChatParticipants(threadId);
  return (
    <>
      <StateTable values={{ status: participants.status, count: participants.data?.length }} />
      <ul aria-label="Participants">
        {participants.data?.map((p) => (
          <li key={getIdentifierRawId(p.id)}>{p.displayName ?? getIdentifierRawId(p.id)}</li>
        ))}
      </ul>
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { sessionOf } from '../support/session.ts';
import { expectState } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import source from './useChatParticipants.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useChatParticipants',
  tags: ['autodocs'],
  parameters: { docs: { source: { code, language: 'tsx' } } },
  render: (_args, context) => (
    <HookFrame
      name="useChatParticipants"
      summary="Everyone in the thread (every page), with display names and shareHistoryTime."
      code={code}
    >
      <ParticipantsDemo threadId={sessionOf(context).conversationThreadId ?? ''} />
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement }) => {
    await expectState(canvasElement, 'status', 'success');
    await expectState(canvasElement, 'count', '6');
    const names = canvas.getAllByRole('listitem').map((item) => item.textContent);
    await expect(names).toContain('Grace Hopper');
  },
};
