// What thread summaries cost in requests, from a log of requests (the emulator's, or a page's
// network log) and the thread ids whose rows were rendered: the figures both the request-count
// session and the rendering bench report.

/** Summary requests: the user's receipts, then the messages since, of one thread. */
const summaryPath = /\/chat\/threads\/([^/]+)\/(?:readReceipts|messages)$/;

/** The thread a request asks a summary for (a GET of its receipts or messages), if it is one. */
export function summaryRequestThread(method: string, url: string): string | undefined {
  if (method !== 'GET') return undefined;
  const id = summaryPath.exec(new URL(url).pathname)?.[1];
  return id === undefined ? undefined : decodeURIComponent(id);
}

/** Summary requests per thread id. */
export function countSummaryRequests(
  requests: Iterable<{ method: string; url: string }>,
): Map<string, number> {
  const perThread = new Map<string, number>();
  for (const { method, url } of requests) {
    const threadId = summaryRequestThread(method, url);
    if (threadId !== undefined) perThread.set(threadId, (perThread.get(threadId) ?? 0) + 1);
  }
  return perThread;
}

export interface SummaryCost {
  /** Threads whose row was rendered. */
  rowsRendered: number;
  /** Summary requests in all. */
  requests: number;
  /** Most summary requests for one rendered row. */
  maxPerRenderedRow: number;
  /** Rendered rows that made no summary request (e.g. held while scrolling past). */
  renderedWithoutRequest: number;
  /** Summary requests for threads whose row was never rendered. */
  forRowsNeverRendered: number;
}

export function summaryCost(
  perThread: ReadonlyMap<string, number>,
  rendered: ReadonlySet<string>,
): SummaryCost {
  let requests = 0;
  let maxPerRenderedRow = 0;
  let forRowsNeverRendered = 0;
  for (const [threadId, count] of perThread) {
    requests += count;
    if (rendered.has(threadId)) maxPerRenderedRow = Math.max(maxPerRenderedRow, count);
    else forRowsNeverRendered += count;
  }
  return {
    rowsRendered: rendered.size,
    requests,
    maxPerRenderedRow,
    renderedWithoutRequest: [...rendered].filter((id) => !perThread.has(id)).length,
    forRowsNeverRendered,
  };
}
