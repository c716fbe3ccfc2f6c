// Who is in the thread (useChatParticipants), with add (useAddChatParticipants) and remove
// (useRemoveChatParticipant). Adding someone the service refuses is reported, not hidden.
import { useId, useState, type ReactNode } from 'react';
import {
  getIdentifierRawId,
  useAddChatParticipants,
  useChatParticipants,
  useRemoveChatParticipant,
} from '../../src/react/index.ts';
import { useDemo } from '../support/demo-chat.tsx';

export function ParticipantsPanel({ threadId, id }: { threadId: string; id: string }): ReactNode {
  const { session } = useDemo();
  const ids = useId();
  const participants = useChatParticipants(threadId);
  const add = useAddChatParticipants(threadId);
  const remove = useRemoveChatParticipant(threadId);
  const inThread = new Set((participants.data ?? []).map((p) => getIdentifierRawId(p.id)));
  const addable = session.people.filter((p) => !inThread.has(p.userId));
  const [choice, setChoice] = useState('');
  const chosen = addable.find((p) => p.userId === choice) ?? addable[0];

  return (
    <aside className="participants" id={id} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>
        Participants{participants.data ? ` (${participants.data.length})` : ''}
      </h2>
      {participants.isPending && <p role="status">Loading participants…</p>}
      {participants.isError && (
        <p role="alert" className="error">
          Could not load participants: {participants.error.message}
        </p>
      )}
      <ul aria-label="Participants" className="people">
        {(participants.data ?? []).map((participant) => {
          const rawId = getIdentifierRawId(participant.id);
          const name = participant.displayName ?? rawId;
          return (
            <li key={rawId}>
              <span>
                {name}
                {rawId === session.user.userId ? ' (you)' : ''}
              </span>
              {rawId !== session.user.userId && (
                <button
                  type="button"
                  className="button button--quiet"
                  aria-label={`Remove ${name}`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(participant.id)}
                >
                  Remove
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {chosen && (
        <div className="add-person">
          <label htmlFor={`${ids}-add`}>Add someone</label>
          <select
            id={`${ids}-add`}
            value={chosen.userId}
            onChange={(event) => setChoice(event.target.value)}
          >
            {addable.map((person) => (
              <option key={person.userId} value={person.userId}>
                {person.displayName}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            disabled={add.isPending}
            onClick={() =>
              add.mutate([
                {
                  id: { communicationUserId: chosen.userId },
                  displayName: chosen.displayName,
                  shareHistoryTime: new Date(0),
                },
              ])
            }
          >
            {add.isPending ? 'Adding…' : 'Add'}
          </button>
        </div>
      )}
      {(add.data?.invalidParticipants?.length ?? 0) > 0 && (
        <p role="alert" className="error">
          Not added: {add.data!.invalidParticipants!.map((p) => p.message).join('; ')}
        </p>
      )}
      {(add.isError || remove.isError) && (
        <p role="alert" className="error">
          {add.error?.message ?? remove.error?.message}
        </p>
      )}
    </aside>
  );
}
