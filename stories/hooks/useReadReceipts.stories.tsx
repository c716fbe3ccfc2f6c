// #region demo
import { getIdentifierRawId, useReadReceipts } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function ReceiptsDemo({ threadId }: { threadId: string }) {
  const receipts = useReadReceipts(threadId, { refetchInterval: 5000 });
  return (
    <>
      <StateTable values={{ status: receipts.status, readers: receipts.data?.length }} />
      <ul aria-label="Read receipts">
        {receipts.data?.map((r) => (
          <li key={getIdentifierRawId(r.sender)}>
            {getIdentifierRawId(r.sender).slice(-8)} read up to {r.chatMessageId}
          </li>
        ))}
      </ul>
    </>
  );
}
// #endregion
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { sessionOf } from '../support/session.ts';
import { expectState, stateOf } from '../support/hook-play.ts';
import { demoCode, HookFrame } from './HookFrame.tsx';
import source from './useReadReceipts.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useReadReceipts',
  tags: ['autodocs'],
  parameters: { docs: { source: { code, language: 'tsx' } } },
  render: (_args, context) => (
    <HookFrame
      name="useReadReceipts"
      summary="Who has read up to which message: one receipt per reader, the latest. Poll with refetchInterval."
      code={code}
    >
      <ReceiptsDemo threadId={sessionOf(context).conversationThreadId ?? ''} />
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvasElement }) => {
    await expectState(canvasElement, 'status', 'success');
    // Grace and Alan read everything when the demo was seeded (and Ada, if the Conversation ran).
    await expect(Number(stateOf(canvasElement, 'readers'))).toBeGreaterThanOrEqual(2);
  },
};
