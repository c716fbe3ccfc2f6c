// The create-thread form: a topic, people to add (checkboxes), and raw user ids for anyone else.
// The new thread shows up at the top of the list when the service answers (useCreateChatThread
// writes it into every cached list); participants the service refused are listed, not hidden.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useCreateChatThread } from '../../src/react/index.ts';
import { useDemo } from '../support/demo-chat.tsx';

export function CreateThreadForm(props: { onCreated?: (threadId: string) => void }): ReactNode {
  const { session } = useDemo();
  const create = useCreateChatThread();
  const ids = useId();
  const [topic, setTopic] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set(session.people.slice(0, 1).map((p) => p.userId)),
  );
  const [otherIds, setOtherIds] = useState('');
  const [outcome, setOutcome] = useState<{ text: string; refused: string[] }>();

  const toggle = (userId: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (!next.delete(userId)) next.add(userId);
      return next;
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setOutcome(undefined);
    const people = session.people.filter((p) => chosen.has(p.userId));
    const extra = otherIds
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter(Boolean);
    const participants = [
      { id: { communicationUserId: session.user.userId }, displayName: session.user.displayName },
      ...people.map((p) => ({ id: { communicationUserId: p.userId }, displayName: p.displayName })),
      ...extra.map((id) => ({ id: { communicationUserId: id } })),
    ];
    try {
      const { chatThread, invalidParticipants = [] } = await create.mutateAsync({
        topic: topic.trim(),
        participants,
      });
      setOutcome({
        text: `Created “${chatThread?.topic}” with ${participants.length - invalidParticipants.length} participants.`,
        refused: invalidParticipants.map((p) => `${p.target ?? 'unknown'}: ${p.message}`),
      });
      setTopic('');
      setOtherIds('');
      if (chatThread) props.onCreated?.(chatThread.id);
    } catch {
      // create.error holds it; the alert below shows it.
    }
  }

  return (
    <form className="create-form" aria-labelledby={`${ids}-title`} onSubmit={submit}>
      <h2 id={`${ids}-title`}>New thread</h2>
      <label htmlFor={`${ids}-topic`}>Topic</label>
      <input
        id={`${ids}-topic`}
        value={topic}
        required
        maxLength={512}
        placeholder="e.g. Lunch on Friday"
        onChange={(event) => setTopic(event.target.value)}
      />
      {session.people.length > 0 && (
        <fieldset>
          <legend>Participants</legend>
          {session.people.map((person) => (
            <label key={person.userId} className="check">
              <input
                type="checkbox"
                checked={chosen.has(person.userId)}
                onChange={() => toggle(person.userId)}
              />
              {person.displayName}
            </label>
          ))}
        </fieldset>
      )}
      <label htmlFor={`${ids}-others`}>Other user ids (optional)</label>
      <input
        id={`${ids}-others`}
        value={otherIds}
        placeholder="8:acs:…"
        aria-describedby={`${ids}-others-hint`}
        onChange={(event) => setOtherIds(event.target.value)}
      />
      <p id={`${ids}-others-hint`} className="hint">
        Separate ids with commas. Ids the service refuses are reported, and the thread is still
        made.
      </p>
      <button type="submit" className="button" disabled={create.isPending || topic.trim() === ''}>
        {create.isPending ? 'Creating…' : 'Create thread'}
      </button>
      <div role="status" className="form-status">
        {outcome?.text}
        {outcome && outcome.refused.length > 0 && (
          <>
            {` ${outcome.refused.length} could not be added:`}
            <ul aria-label="Participants not added">
              {outcome.refused.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      {create.isError && (
        <p role="alert" className="error">
          Could not create the thread: {create.error.message}
        </p>
      )}
    </form>
  );
}
