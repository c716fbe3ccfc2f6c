// Writing a message: Enter sends (optimistically: it shows at once, "Sending…"), Shift+Enter is a
// new line. Typing tells the others, at most once per 8 s (useTypingNotifier, as the official SDK).
import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useSendChatMessage, useTypingNotifier } from '../../src/react/index.ts';
import { useDemo } from '../support/demo-chat.tsx';

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export function Composer({ threadId }: { threadId: string }): ReactNode {
  const { session } = useDemo();
  const [text, setText] = useState('');
  const id = useId();
  const [notifiedAt, setNotifiedAt] = useState<Date>();
  const send = useSendChatMessage(threadId);
  const notifyTyping = useTypingNotifier(threadId, {
    senderDisplayName: session.user.displayName,
  });

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const content = text.trim();
    if (content === '') return;
    send.mutate({ content, senderDisplayName: session.user.displayName });
    setText('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey) submit(event);
  }

  return (
    <form className="composer" onSubmit={submit} aria-label="Send a message">
      <label htmlFor={id} className="visually-hidden">
        Message
      </label>
      <textarea
        id={id}
        rows={2}
        value={text}
        placeholder="Write a message. Enter sends, Shift+Enter adds a line."
        onChange={(event) => {
          setText(event.target.value);
          void notifyTyping().then((sent) => sent && setNotifiedAt(new Date()));
        }}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="button" disabled={text.trim() === ''}>
        Send
      </button>
      <p className="hint composer__typing" role="status" aria-label="Typing indicator">
        {notifiedAt
          ? `Typing: the others were told at ${clock.format(notifiedAt)} (once per 8 s at most).`
          : ''}
      </p>
    </form>
  );
}
