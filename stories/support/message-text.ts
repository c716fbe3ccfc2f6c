// A message as words: its text, or for a system message what happened ("Grace Hopper joined").
import { getIdentifierRawId, type ChatMessageItem } from '../../src/react/index.ts';

export function messageText(message: ChatMessageItem): string {
  const content = message.content;
  const names = (content?.participants ?? [])
    .map((p) => p.displayName ?? getIdentifierRawId(p.id))
    .join(', ');
  switch (message.type) {
    case 'text':
    case 'html':
      return content?.message ?? '';
    case 'topicUpdated':
      return `Topic set to “${content?.topic ?? ''}”`;
    case 'participantAdded':
      return `${names} joined`;
    case 'participantRemoved':
      return `${names} left`;
    default:
      return `(${message.type})`;
  }
}
