// #region demo
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useChatKeys, useChatQueries, useChatScope } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function FactoriesDemo({ threadId }: { threadId: string }) {
  // The options factories are the public primitive: use them with any TanStack hook or method.
  const queries = useChatQueries();
  const keys = useChatKeys();
  const { userId } = useChatScope();
  const queryClient = useQueryClient();
  const thread = useQuery({ ...queries.thread(threadId), select: (t) => t.topic });
  const [cached, setCached] = useState<number>();
  async function prefetch() {
    const options = queries.participants(threadId);
    await queryClient.prefetchQuery(options);
    // Typed by the factory's key: ChatParticipant[] | undefined.
    setCached(queryClient.getQueryData(options.queryKey)?.length);
  }
  return (
    <>
      <button type="button" className="button" onClick={() => void prefetch()}>
        Prefetch the participants
      </button>
      <StateTable
        values={{
          topic: thread.data,
          threadKey: keys.thread(threadId).length,
          keyedByUser: JSON.stringify(keys.thread(threadId)).includes(userId),
          participantsCached: cached,
        }}
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
import source from './useChatQueries.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/useChatQueries, useChatKeys, useChatScope',
  tags: ['autodocs'],
  parameters: { docs: { source: { code, language: 'tsx' } } },
  render: (_args, context) => (
    <HookFrame
      name="useChatQueries · useChatKeys · useChatScope"
      summary="The query-options factories and the query keys bound to the provider's endpoint and user (keys start with both, so two users never share a cache): use them with useQuery, useSuspenseQuery, prefetchQuery, setQueryData and invalidateQueries, fully typed."
      code={code}
    >
      <FactoriesDemo threadId={sessionOf(context).conversationThreadId ?? ''} />
    </HookFrame>
  ),
} satisfies Meta;
export default meta;

export const Default: StoryObj<typeof meta> = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await expectState(canvasElement, 'topic', conversationTopic);
    await expectState(canvasElement, 'keyedByUser', 'true');
    await userEvent.click(canvas.getByRole('button', { name: 'Prefetch the participants' }));
    await expectState(canvasElement, 'participantsCached', '6');
  },
};
