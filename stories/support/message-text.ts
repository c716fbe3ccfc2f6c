// A message as words: the library's chatMessageText (its text, or for a system message what happened).
export { chatMessageText as messageText } from '../../src/react/index.ts';
