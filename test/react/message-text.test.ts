// chatMessageText's HTML preview: the same words as before on ordinary HTML, and a result, with no
// quadratic scan, on the texts that made the old tag regex read to the end from every `<`.
import { describe, expect, it } from 'vitest';
import { chatMessageText, type ChatMessage } from '../../src/react/index.ts';

const html = (message: string): ChatMessage => ({
  id: '1',
  type: 'html',
  sequenceId: '1',
  version: '1',
  content: { message },
  createdOn: new Date(0),
});
const preview = (message: string) => chatMessageText(html(message));

// The previous implementation, as the reference for ordinary inputs.
const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  nbsp: ' ',
};
const before = (text: string) =>
  text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => entities[name]!)
    .replace(/\s+/g, ' ')
    .trim();

// A seeded generator (mulberry32), so a failure names an input that can be run again.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// prettier-ignore
const pieces = [
  '<', '>', '<p>', '</p>', '<b class="x">', '<br/>', 'a', 'word', ' ', '\n', '\t', '&',
  ';', '&amp;', '&lt;', '&gt;', '&quot;', '&#39;', '&nbsp;', '&amp', '<<', '>>', 'é', '“',
];

describe('chatMessageText on HTML', () => {
  it('reads 5,000 random mixes of tags, brackets, entities and spaces as the old regex did', () => {
    const next = random(20);
    for (let i = 0; i < 5000; i++) {
      const length = Math.floor(next() * 40);
      const text = Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]!).join(
        '',
      );
      expect(preview(text), JSON.stringify(text)).toBe(before(text));
    }
  });

  const kib = (n: number) => n * 1024;
  it.each([
    ['28 KiB', kib(28)],
    ['256 KiB', kib(256)],
    ['1 MiB', kib(1024)],
  ])('reads %s of `<`, with or without a `>` at the end, in one pass', (_, size) => {
    // No `>`: no tags, the text is itself.
    const open = '<'.repeat(size);
    expect(preview(open)).toBe(open);
    // One `>` at the end: all of it is one tag.
    expect(preview(`${open}>`)).toBe('');
    // A tag, then the `<`s: the tag is a space, the `<`s stay.
    expect(preview(`<b>bold&amp;${open}`)).toBe(`bold&${open}`);
  });
});
