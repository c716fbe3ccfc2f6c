// A thread of your own to try a hook on, so hook stories never change the demo's shared threads:
// a button that creates one (with the first person of the cast in it), then renders its children.
import { useState, type ReactNode } from 'react';
import { useCreateChatThread } from '../../src/react/index.ts';
import { useDemo } from '../support/demo-chat.tsx';

export function ScratchThread(props: { children: (threadId: string) => ReactNode }): ReactNode {
  const { session } = useDemo();
  const create = useCreateChatThread();
  const [threadId, setThreadId] = useState<string>();
  if (threadId !== undefined) return props.children(threadId);
  const guest = session.people[0];
  return (
    <p>
      <button
        type="button"
        className="button"
        disabled={create.isPending}
        onClick={() =>
          create.mutate(
            {
              topic: `Scratch ${new Date().toLocaleTimeString()}`,
              participants: [
                {
                  id: { communicationUserId: session.user.userId },
                  displayName: session.user.displayName,
                },
                ...(guest
                  ? [{ id: { communicationUserId: guest.userId }, displayName: guest.displayName }]
                  : []),
              ],
            },
            { onSuccess: ({ chatThread }) => setThreadId(chatThread?.id) },
          )
        }
      >
        {create.isPending ? 'Creating…' : 'Create a scratch thread'}
      </button>
    </p>
  );
}
