// Path globs for fault rules: `*` matches within one segment, `**` (or any longer run of `*`)
// across segments; everything else is literal. Matched by following every pattern position at
// once, never by backtracking, so the work is at most path length x pattern length whatever the
// input: a rule like '/************Z' cannot stall a request.

type Token = string | typeof star | typeof globstar;
const star = Symbol('*');
const globstar = Symbol('**');

export type Glob = readonly Token[];

export function compileGlob(pattern: string): Glob {
  const tokens: Token[] = [];
  const chars = [...pattern];
  for (let i = 0; i < chars.length;) {
    if (chars[i] !== '*') {
      tokens.push(chars[i++]!);
      continue;
    }
    let run = 0;
    while (chars[i] === '*') {
      run++;
      i++;
    }
    tokens.push(run === 1 ? star : globstar);
  }
  return tokens;
}

/** Marks the positions reachable without reading a character: a star may match nothing. */
function close(tokens: Glob, states: Uint8Array): void {
  for (let i = 0; i < tokens.length; i++) {
    if (states[i] && typeof tokens[i] !== 'string') states[i + 1] = 1;
  }
}

export function matchGlob(tokens: Glob, path: string): boolean {
  let states = new Uint8Array(tokens.length + 1);
  let next = new Uint8Array(tokens.length + 1);
  states[0] = 1;
  close(tokens, states);
  for (const char of path) {
    next.fill(0);
    let alive = false;
    for (let i = 0; i < tokens.length; i++) {
      if (!states[i]) continue;
      const token = tokens[i];
      if (token === globstar || (token === star && char !== '/')) next[i] = 1;
      else if (token === char) next[i + 1] = 1;
      else continue;
      alive = true;
    }
    if (!alive) return false;
    close(tokens, next);
    [states, next] = [next, states];
  }
  return states[tokens.length] === 1;
}
