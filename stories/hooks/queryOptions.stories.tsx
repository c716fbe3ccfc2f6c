// #region demo
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { chatKeys, participantsQuery, threadQuery, useChatScope } from '../../src/react/index.ts';
import { StateTable } from './HookFrame.tsx';

function FactoriesDemo({ threadId }: { threadId: string }) {
  // The options factories are the public primitive: use them with any TanStack hook or method.
  const scope = useChatScope(); // the provider's client, endpoint and user
  const keys = chatKeys(scope);
  const queryClient = useQueryClient();
  const thread = useQuery({ ...threadQuery(scope, threadId), select: (t) => t.topic });
  const [cached, setCached] = useState<number>();
  async function prefetch() {
    const options = participantsQuery(scope, threadId);
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
          keyedByUser: JSON.stringify(keys.thread(threadId)).includes(scope.userId),
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
import source from './queryOptions.stories.tsx?raw';

const code = demoCode(source);
const meta = {
  title: 'Hooks/Query options (threadQuery, chatKeys, useChatScope)',
  tags: ['autodocs'],
  parameters: { docs: { source: { code, language: 'tsx' } } },
  render: (_args, context) => (
    <HookFrame
      name="threadQuery · participantsQuery · chatKeys · useChatScope"
      summary="The query-options factories (one per query, given useChatScope()) and the query keys of the provider's endpoint and user (keys start with both, so two users never share a cache): use them with useQuery, useSuspenseQuery, prefetchQuery, setQueryData and invalidateQueries, fully typed."
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
