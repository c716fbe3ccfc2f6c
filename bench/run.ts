// `npm run bench`: every benchmark in one run, printed as one table and written to
// bench/results.md. Not part of `npm test`: the numbers depend on the machine, so they inform
// rather than gate (the size budget in the packaging test is the gate).
//   node bench/run.ts [--only size,overhead,requests,scale,persistence,render,realtime] [--quick]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { measureOverhead, type OverheadOptions, type OverheadResult } from './overhead.ts';
import { measureOverheadInChromium } from './overhead-chromium.ts';
import { clientNames, requestsPerSequence } from './overhead-sequences.ts';
import { measureRealtime, storyPollMs } from './realtime.ts';
import { measurePersistence } from './emulator-persistence.ts';
import { measureRequestCount, type SummaryReport } from './requests.ts';
import type { SessionReport } from './session/session.tsx';
import { measureRendering } from './render.ts';
import { measureScale } from './scale.ts';
import {
  breakdown,
  coreCandidates,
  hooksCandidates,
  measureSize,
  savings,
  type BundleResult,
} from './size.ts';
import { formatSummary, summarize } from './stats.ts';

const sections = [
  'size',
  'overhead',
  'requests',
  'scale',
  'persistence',
  'render',
  'realtime',
] as const;
type Section = (typeof sections)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const only = new Set((values.only?.split(',') ?? sections) as Section[]);
const quick = values.quick;

interface Row {
  section: string;
  measure: string;
  /** What was measured; timings as min / median / max. */
  value: string;
  ratio: string;
  target: string;
  verdict: '' | 'met' | 'MISSED' | 'n/a';
}

const rows: Row[] = [];
const notes: string[] = [];
// kB = 1000 bytes, as bundlers and size-limit report them.
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const pct = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;
const times = (ratio: number) => `${ratio.toFixed(2)}x`;
const verdict = (ok: boolean): Row['verdict'] => (ok ? 'met' : 'MISSED');

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function sizeSection(): Promise<void> {
  log('bundle sizes (esbuild, browser, ESM, minified, gzip -9)');
  const official = (await measureSize('official'))!;
  const core = (await measureSize('core'))!;
  const ky = (await measureSize('ky'))!;
  const hooks = await measureSize('hooks');
  const row = (result: BundleResult, target: string, ok?: boolean): Row => ({
    section: 'Bundle size',
    measure: result.name,
    value:
      `${kb(result.minified)} min, ${kb(result.gzip)} gz` +
      (result.lazyGzip > 0 ? ` first load; + ${kb(result.lazyGzip)} gz loaded on demand` : ''),
    ratio: result === official ? '100 %' : `${pct(result.gzip / official.gzip)} of official`,
    target,
    verdict: ok === undefined ? '' : verdict(ok),
  });
  const budget = 0.15 * official.gzip;
  if (hooks) rows.push(row(hooks, '<= 15 % of official', hooks.gzip <= budget));
  else {
    rows.push({
      section: 'Bundle size',
      measure: 'react-acs-chat (hooks + core + ky)',
      value: 'src/react/index.ts does not exist yet',
      ratio: '',
      target: '<= 15 % of official',
      verdict: 'n/a',
    });
  }
  rows.push(row(core, '<= 15 % of official', core.gzip <= budget));
  rows.push(row(ky, ''));
  rows.push(row(official, ''));
  await liveInboxRows();

  // Where core's bytes come from: the candidates for making it smaller.
  const shares = breakdown(core.metafile);
  const total = shares.reduce((sum, share) => sum + share.bytes, 0);
  notes.push(
    `### Where react-acs-chat/core's bytes come from (minified bytes in the bundle, esbuild metafile)`,
    '',
    '| input | minified | share |',
    '| --- | ---: | ---: |',
    ...shares.map((s) => `| ${s.input} | ${s.bytes} B | ${pct(s.bytes / total)} |`),
    '',
    `Our own code adds ${kb(core.gzip - ky.gzip)} gz on top of ky's ${kb(ky.gzip)} gz.`,
    '',
    '### What each candidate costs the core bundle (gzip bytes saved if it were left out)',
    '',
    ...(await savings('core', coreCandidates)).map(
      (s) =>
        `- ${s.name}: ${s.gzipSaved === undefined ? 'stub no longer fits' : `${s.gzipSaved} B`}`,
    ),
    `- target for the hooks bundle: ${kb(budget)} gz (15 % of ${kb(official.gzip)})`,
    '',
  );
  if (hooks) {
    const hookShares = breakdown(hooks.metafile).filter((s) => s.input.startsWith('src/react'));
    notes.push(
      '### The React layer on top of core (minified bytes)',
      '',
      '| input | minified |',
      '| --- | ---: |',
      ...hookShares.map((s) => `| ${s.input} | ${s.bytes} B |`),
      '',
      `The hooks add ${kb(hooks.gzip - core.gzip)} gz on top of core.`,
      '',
      ...(await savings('hooks', hooksCandidates)).map(
        (s) =>
          `- ${s.name}: ${s.gzipSaved === undefined ? 'stub no longer fits' : `${s.gzipSaved} B gz`}`,
      ),
      '',
    );
  }
}

/**
 * A live inbox's chat code with each real-time source: the first load, and what loads on demand
 * when the provider gets its source (the provider's consumer and the source's client).
 */
async function liveInboxRows(): Promise<void> {
  const section = 'Bundle size (live inbox: hooks + real-time)';
  const ours = await measureSize('liveOurs');
  const official = await measureSize('liveOfficial');
  // The real-time client alone: what it adds to core's REST client; the rest is the consumer.
  const rest = await measureSize('chatClient');
  const both = await measureSize('chatClientAndRealtime');
  if (!ours || !official || !rest || !both) {
    rows.push({
      section,
      measure: 'live inbox',
      value: 'src/react/index.ts does not exist yet',
      ratio: '',
      target: '',
      verdict: 'n/a',
    });
    return;
  }
  // The whole bundle, first load and on demand: what a user of the live inbox downloads.
  const inAll = (result: BundleResult) => result.gzip + result.lazyGzip;
  const split = (result: BundleResult) =>
    `${kb(result.gzip)} gz first load + ${kb(result.lazyGzip)} gz on demand`;
  rows.push(
    {
      section,
      measure: 'our real-time code, loaded on demand (ChatRealtimeClient + the provider consumer)',
      value:
        `${kb(ours.lazyGzip)} gz: the client about ${kb(both.gzip - rest.gzip)}, the consumer ` +
        `(and the cache edits only events use here) about ${kb(ours.lazyGzip - (both.gzip - rest.gzip))}`,
      ratio: `official's: ${kb(official.lazyGzip)} gz (${pct(ours.lazyGzip / official.lazyGzip)})`,
      target: '<= 8 kB gz',
      verdict: verdict(ours.lazyGzip <= 8000),
    },
    {
      section,
      measure: 'live inbox in all, our ChatRealtimeClient as the source',
      value: `${kb(inAll(ours))} gz (${split(ours)})`,
      ratio: `${pct(inAll(ours) / inAll(official))} of the official path`,
      target: '<= 30 kB gz',
      verdict: verdict(inAll(ours) <= 30_000),
    },
    {
      section,
      measure: 'live inbox in all, the official ChatClient as the source',
      value: `${kb(inAll(official))} gz (${split(official)})`,
      ratio: '100 %',
      target: '',
      verdict: '',
    },
  );
  notes.push(
    "Live inbox: the hooks bundle's job (list, create and delete threads) plus a real-time source " +
      'made in a module the app imports dynamically (bench/live-source.ts: our ChatRealtimeClient ' +
      'started; bench/live-source-official.ts: the official ChatClient and ' +
      "@azure/communication-common's credential, started) and passed to ChatProvider's `realtime`. " +
      'First load: the bundle with every dynamic import left out; on demand: the whole bundle ' +
      "less the first load (the provider's consumer, chat-realtime.ts, and the source's client, " +
      'less what the first load already has). React and TanStack Query are peers and left out.',
    '',
  );
}

/** Rows for one overhead run: each client against raw fetch and the official SDK (medians). */
function overheadTableRows(section: string, result: OverheadResult): void {
  const median = (name: string) => result.rows.find((r) => r.name === name)!.perSequence.median;
  const raw = median(clientNames.raw);
  const official = median(clientNames.official);
  for (const row of result.rows) {
    const ofRaw = row.perSequence.median / raw;
    const ofOfficial = row.perSequence.median / official;
    const isCore = row.name === clientNames.core;
    const preflights =
      row.preflightsPerSequence === undefined
        ? ''
        : `, ${row.preflightsPerSequence.toFixed(2)} preflights/sequence`;
    rows.push({
      section,
      measure: row.name,
      value: `${formatSummary(row.perSequence)} ms (${(row.perSequence.median / requestsPerSequence).toFixed(3)} ms/request${preflights})`,
      ratio: `${times(ofRaw)} raw fetch, ${times(ofOfficial)} official`,
      target: isCore ? '<= 1.10x raw fetch; < 1.00x official' : '',
      verdict: isCore ? verdict(ofRaw <= 1.1 && ofOfficial < 1) : '',
    });
  }
}

async function overheadSection(): Promise<void> {
  const what = 'ms per create + 2 list pages + delete';
  const described = ({ rounds, sequencesPerRound }: OverheadOptions) =>
    `${rounds} rounds x ${sequencesPerRound} sequences per client`;
  // A sequence in Chromium takes about ten times as long as in Node (the browser's processes, and
  // a preflight or two): fewer rounds keep the whole bench within a few minutes.
  const inNode = { rounds: quick ? 40 : 300, sequencesPerRound: 5 };
  const inChromium = { rounds: quick ? 10 : 80, sequencesPerRound: 5 };
  log(`per-request overhead in Node: ${described(inNode)}, order rotated each round`);
  const node = await measureOverhead(inNode);
  overheadTableRows(`Overhead (${what})`, node);
  notes.push(
    `Overhead: HTTPS over loopback to the emulator, order rotated each round; each sample is the ` +
      `mean of ${inNode.sequencesPerRound} sequences. In Node: ${described(inNode)}, ` +
      `${node.totalRequests} requests, emulator in the same process.`,
  );
  log(`per-request overhead in headless Chromium: ${described(inChromium)}`);
  const browser = await measureOverheadInChromium(inChromium);
  const section = `Overhead in Chromium (${what})`;
  if (browser.skipped !== undefined) {
    rows.push({
      section,
      measure: 'all clients',
      value: browser.skipped,
      ratio: '',
      target: '',
      verdict: 'n/a',
    });
    notes.push('');
    return;
  }
  overheadTableRows(section, browser);
  notes.push(
    `In Chromium (${browser.browser}, headless): ${described(inChromium)}, ` +
      `${browser.totalRequests} requests plus their CORS preflights, from a page on another ` +
      `origin (http://127.0.0.1) as an app calls ACS; the four clients bundled together by esbuild ` +
      `for the browser (${kb(browser.bundleBytes)} min). Chromium caches a preflight per URL, so ` +
      `only the changing URLs (the next page's, the DELETE's) are preflighted again; the official ` +
      `SDK fetches with \`cache: 'no-store'\`, which makes Chromium preflight every request.`,
    '',
  );
}

async function requestsSection(): Promise<void> {
  log('request count of a scripted inbox session with the hooks (jsdom, emulator over HTTP)');
  const result = await measureRequestCount([0, 60_000]);
  const section = 'Requests (inbox session, pages of 20)';
  if (result.skipped !== undefined) {
    rows.push({
      section,
      measure: 'hooks session',
      value: result.skipped,
      ratio: '',
      target: '= minimum',
      verdict: 'n/a',
    });
    return;
  }
  const [fresh, cached] = result.reports as [SessionReport, SessionReport];
  fresh.steps.forEach((step, i) => {
    rows.push({
      section,
      measure: step.name,
      value: `${step.requests} (staleTime 0), ${cached.steps[i]!.requests} (staleTime 60 s)`,
      ratio: `minimum ${step.minimum}`,
      target: '',
      verdict: '',
    });
  });
  const total = (report: SessionReport) =>
    report.steps.reduce((sum, step) => sum + step.requests, 0);
  const minimum = fresh.steps.reduce((sum, step) => sum + step.minimum, 0);
  for (const report of result.reports) {
    rows.push({
      section,
      measure: `whole session, staleTime ${report.staleTimeMs / 1000} s`,
      value:
        `${total(report)} data requests, + ${report.steps.reduce((sum, step) => sum + step.channel, 0)} ` +
        'for the real-time connection',
      ratio: `${times(total(report) / minimum)} the minimum (${minimum})`,
      target: '= minimum',
      verdict: verdict(total(report) <= minimum),
    });
  }
  summaryRows(result.summaries);
  notes.push(
    "### Requests in the inbox session, step by step (staleTime 0, TanStack's default)",
    '',
    ...fresh.steps.map((step) => `- ${step.name}: ${step.calls.join('; ') || 'none'}`),
    '',
    'The minimum counts only data not already in the cache: the first page, three more pages, the ' +
      'POST and the DELETE, and one catch-up when the real-time connection comes up (the service ' +
      'replays nothing: what came between the first page and the connection must be asked for). ' +
      'Remount and reopen could be served from the cache, and the optimistic delete already ' +
      'removed the thread from every cached page. The real-time connection’s own requests ' +
      '(configuration, allocation, socket, registration and its deletion) are counted apart.',
    '',
  );
}

/** The summary session: the first 20 rows of 50 loaded, each with its summary, then a remount. */
function summaryRows(reports: SummaryReport[]): void {
  const [fresh, cached] = reports as [SummaryReport, SummaryReport];
  const section = `Requests (first ${fresh.rowsShown} rows of ${fresh.threadsLoaded} with summaries)`;
  const { open } = fresh;
  rows.push(
    {
      section,
      measure: 'summary requests per rendered row',
      value:
        `${open.maxPerRenderedRow} at most; ${open.requests} for ${open.rowsRendered} rows ` +
        `(+ ${open.allRequests - open.requests} list request)`,
      ratio: `${cached.open.maxPerRenderedRow} at most with staleTime 60 s`,
      target: '<= 2',
      verdict: verdict(Math.max(open.maxPerRenderedRow, cached.open.maxPerRenderedRow) <= 2),
    },
    {
      section,
      measure: `summary requests for the ${fresh.threadsLoaded - fresh.rowsShown} rows never rendered`,
      value: `${open.forRowsNeverRendered} (staleTime 0), ${cached.open.forRowsNeverRendered} (staleTime 60 s)`,
      ratio: '',
      target: '0',
      verdict: verdict(open.forRowsNeverRendered + cached.open.forRowsNeverRendered === 0),
    },
    {
      section,
      measure: 'summary requests on remount within staleTime (60 s)',
      value: `${cached.remount.summaryRequests} (${cached.remount.allRequests} requests in all)`,
      ratio:
        `staleTime 0: ${fresh.remount.summaryRequests} summary requests ` +
        `(${fresh.remount.allRequests} in all)`,
      target: '0',
      verdict: verdict(cached.remount.summaryRequests === 0),
    },
  );
  notes.push(
    `Summary session: the emulator seeded with ${fresh.threadsLoaded} threads of two users, 3 ` +
      `messages each; one page of ${fresh.threadsLoaded} loaded, the first ${fresh.rowsShown} ` +
      "rendered as the demo's rows are (useChatThreadSummary, the preview and the badge); summary " +
      "requests are the GETs of a thread's readReceipts and messages in the emulator's log. Then " +
      'the inbox is unmounted and mounted again with the same QueryClient.',
    '',
  );
}

async function scaleSection(): Promise<void> {
  const sizes = [100, 10_000, 100_000];
  log(`emulator scale: one page of 20 from stores of ${sizes.join(', ')} threads`);
  const results = await measureScale(sizes, quick ? 50 : 300);
  const base = results[0]!;
  for (const result of results) {
    rows.push({
      section: 'Emulator scale (ms per page of 20, Fetch handler)',
      measure: `${result.threads.toLocaleString('en')} threads (seeded in ${result.seedMs.toFixed(0)} ms)`,
      value: `first ${formatSummary(result.first, 3)}; deep ${formatSummary(result.deep, 3)}; ${result.recordsPerPage} records visited`,
      ratio: `${times(result.deep.median / base.deep.median)} the 100-thread page`,
      target: 'flat',
      // "Flat": the work per page does not change and the time stays within noise (2x).
      verdict: verdict(
        result.recordsPerPage === base.recordsPerPage &&
          result.first.median <= 2 * base.first.median &&
          result.deep.median <= 2 * base.deep.median,
      ),
    });
  }
}

async function persistenceSection(): Promise<void> {
  const messages = quick ? 10_000 : 100_000;
  log(
    `emulator persistence: HTTP writes with and without dataDir, start with ${messages} messages`,
  );
  const result = await measurePersistence(messages, quick ? 500 : 2000);
  const section = 'Emulator persistence (dataDir: node:sqlite, written through)';
  for (const rate of result.writes) {
    rows.push({
      section,
      measure: `message sends over HTTP, ${rate.lanes} client${rate.lanes > 1 ? 's' : ''} at a time`,
      value: `${rate.kept.toFixed(0)}/s with dataDir, ${rate.memory.toFixed(0)}/s in memory`,
      ratio: `${times(rate.kept / rate.memory)} in memory`,
      target: '',
      verdict: '',
    });
  }
  const { start } = result;
  rows.push({
    section,
    measure: `start with ${start.messages.toLocaleString('en')} messages in ${start.threads} threads (${(start.bytes / 1e6).toFixed(1)} MB)`,
    value: `${formatSummary(summarize(start.ms), 0)} ms to the first answer`,
    ratio: `the seed that wrote them: ${start.seedMs.toFixed(0)} ms`,
    target: '',
    verdict: '',
  });
  notes.push(
    '### Emulator persistence',
    '',
    `Each rate is the median of 3 runs of ${result.writesPerRun} message sends to one thread over ` +
      'loopback HTTP (the Node server), each client waiting for its answer before the next send; ' +
      'with dataDir every send is committed to SQLite (WAL, synchronous NORMAL) before its 201. ' +
      'The start is the time from createChatEmulator({ dataDir }) to the answer of the first ' +
      'list request with a token issued before (min / median / max of 5).',
    '',
  );
}

async function renderSection(): Promise<void> {
  log('rendering: the Inbox story with 10,000 threads in headless Chromium');
  const result = await measureRendering(10_000);
  if (result.skipped !== undefined) {
    rows.push({
      section: 'Rendering (Inbox story, 10,000 threads)',
      measure: 'Inbox story',
      value: result.skipped,
      ratio: '',
      target: '',
      verdict: 'n/a',
    });
    return;
  }
  const section = 'Rendering (Inbox story, 10,000 threads, pages of 100)';
  for (const run of result.runs) {
    const how = run.mode;
    const withSummaries = how !== 'no summaries';
    const cost = run.summaries;
    const fling = run.fling;
    rows.push(
      {
        section,
        measure: `rows in the DOM (${how})`,
        value: `${run.maxRowsInDom} at most, ${run.rowsAtEnd} at the end (of ${run.threadsLoaded.toLocaleString('en')} loaded)`,
        ratio: '',
        target: '<= 60',
        verdict: verdict(run.maxRowsInDom <= 60),
      },
      {
        section,
        measure: `scroll to the end (${how})`,
        value: `${(run.scrollMs / 1000).toFixed(1)} s, ${run.listRequests} list requests`,
        ratio:
          `${(run.scrollMs / Math.max(run.listRequests, 1)).toFixed(0)} ms per page (median ` +
          `${run.pageMs.first.toFixed(0)} over the first 10, ${run.pageMs.last.toFixed(0)} the last 10)`,
        target: '',
        verdict: '',
      },
    );
    if (withSummaries) {
      rows.push(
        {
          section,
          measure: `summary requests per rendered row (${how})`,
          value:
            `${cost.maxPerRenderedRow} at most; ${cost.requests.toLocaleString('en')} for ` +
            `${cost.rowsRendered.toLocaleString('en')} rows rendered ` +
            `(${cost.renderedWithoutRequest.toLocaleString('en')} of them none)`,
          ratio: `${(cost.requests / Math.max(cost.rowsRendered, 1)).toFixed(2)} per row rendered`,
          target: '<= 2',
          verdict: verdict(cost.maxPerRenderedRow <= 2),
        },
        {
          section,
          measure: `summary requests for rows never rendered (${how})`,
          value: String(cost.forRowsNeverRendered),
          ratio: '',
          target: '0',
          verdict: verdict(cost.forRowsNeverRendered === 0),
        },
      );
    }
    rows.push({
      section,
      measure: `fling up 2,000 rows from the end, 25 a frame (${how})`,
      value:
        `${(fling.ms / 1000).toFixed(1)} s, ${fling.frames} frames` +
        (withSummaries
          ? `; ${fling.summaries.requests.toLocaleString('en')} summary requests for ` +
            `${fling.summaries.rowsRendered.toLocaleString('en')} rows rendered, ` +
            `${fling.summaries.maxPerRenderedRow} at most per row, ` +
            `${fling.summaries.forRowsNeverRendered} for rows not rendered`
          : ''),
      ratio: `${(fling.ms / Math.max(fling.frames, 1)).toFixed(0)} ms per frame`,
      target: '',
      verdict: '',
    });
  }
  notes.push(...result.notes, '');
}

async function realtimeSection(): Promise<void> {
  const section = 'Real-time (Chromium: the official ChatClient, our ChatRealtimeClient, polling)';
  // Messages spread over a few polling intervals, so polling's delays cover its whole range.
  const options = {
    messages: quick ? 30 : 100,
    spacingMs: 100,
    idleMs: quick ? 15_000 : 60_000,
    drops: quick ? 2 : 5,
    dropMessages: 10,
    heapWarmup: 300,
    heapEvents: 10_000,
  };
  const polling = `polling every ${storyPollMs / 1000} s`;
  log(
    `real-time vs ${polling}: ${options.messages} messages to another user's cache, then ` +
      `${options.idleMs / 1000} s idle (headless Chromium)`,
  );
  const growth = (await savings('hooks', [hooksCandidates[0]!]))[0]!.gzipSaved;
  rows.push({
    section,
    measure: 'hooks bundle growth from real-time (first load)',
    value:
      growth === undefined
        ? 'stub no longer fits'
        : `${kb(growth)} gz; the rest, ${kb((await measureSize('hooks'))!.lazyGzip)} gz, loads with the first source`,
    ratio: '',
    target: '<= 1.5 kB gz',
    verdict: growth === undefined ? 'n/a' : verdict(growth <= 1500),
  });
  const result = await measureRealtime(options);
  if (result.skipped !== undefined) {
    rows.push({
      section,
      measure: 'all',
      value: result.skipped,
      ratio: '',
      target: '',
      verdict: 'n/a',
    });
    return;
  }
  const { latency, perMinute, drop, doubled, heap } = result;
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const heapGrowth = heap.after - heap.before;
  rows.push(
    {
      section,
      measure: "send to other's cache, real-time, official ChatClient",
      value: `${formatSummary(latency.live, 1)} ms`,
      ratio: `${times(latency.polling.median / latency.live.median)} faster than polling (median)`,
      target: '',
      verdict: '',
    },
    {
      section,
      measure: "send to other's cache, real-time, our ChatRealtimeClient",
      value: `${formatSummary(latency.ours, 1)} ms`,
      ratio:
        `${times(latency.ours.median / latency.live.median)} the official's median; ` +
        `${times(latency.polling.median / latency.ours.median)} faster than polling`,
      target: "median <= official's",
      verdict: verdict(latency.ours.median <= latency.live.median),
    },
    {
      section,
      measure: `send to other's cache, ${polling}`,
      value: `${formatSummary(latency.polling, 0)} ms`,
      ratio: '',
      target: '',
      verdict: '',
    },
    {
      section,
      measure: 'requests per minute, idle conversation, real-time, official ChatClient',
      value: perMinute.live.toFixed(1),
      ratio: `${perMinute.polling.toFixed(1)} polling (messages every ${storyPollMs / 1000} s, receipts every 5 s)`,
      target: '< polling',
      verdict: verdict(perMinute.live < perMinute.polling),
    },
    {
      section,
      measure: 'requests per minute, idle conversation, real-time, our ChatRealtimeClient',
      value: perMinute.ours.toFixed(1),
      ratio: `${perMinute.polling.toFixed(1)} polling`,
      target: '< polling',
      verdict: verdict(perMinute.ours < perMinute.polling),
    },
    {
      section,
      measure: `dropped socket to resynced list (${options.dropMessages} messages sent meanwhile), official ChatClient`,
      value: `${formatSummary(drop.live, 0)} ms over ${drop.live.samples} drops`,
      ratio: `${doubled.live} messages doubled in its cache`,
      target: '0 lost or doubled',
      verdict: verdict(doubled.live === 0),
    },
    {
      section,
      measure: `dropped socket to resynced list (${options.dropMessages} messages sent meanwhile), our ChatRealtimeClient`,
      value: `${formatSummary(drop.ours, 0)} ms over ${drop.ours.samples} drops`,
      ratio:
        `${times(drop.ours.median / drop.live.median)} the official's median; ` +
        `${doubled.ours} messages doubled in its cache`,
      target: '0 lost or doubled',
      verdict: verdict(doubled.ours === 0),
    },
    {
      section,
      measure: `heap after ${heap.events.toLocaleString('en')} events, our ChatRealtimeClient + provider`,
      value: `${mb(heap.before)} before, ${mb(heap.after)} after (${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)})`,
      ratio: '',
      target: '<= +5 MB',
      verdict: verdict(heapGrowth <= 5e6),
    },
  );
  notes.push(
    `Real-time: in ${result.browser} (headless), one user sends ${options.messages} messages, one ` +
      `every ${options.spacingMs} ms, through the core client; two others have the conversation ` +
      `screen's queries open (messages, read receipts, thread, participants), one with the official ` +
      `ChatClient as its ChatProvider's real-time source, one with our ChatRealtimeClient (over the ` +
      `same HTTPS emulator; given the page's fetch, see realtime-page.tsx), one ${polling} ` +
      `(receipts every 5 s) as ` +
      `stories/conversation does. A latency ends when the message is in the viewer's cached list. ` +
      `The emulator writes each notification to the viewers' sockets in the thread's participant ` +
      `order, the official client's viewer before ours. ` +
      `Requests per minute: every HTTP request with the viewer's token in the emulator's log over ` +
      `${options.idleMs / 1000} s with nothing sent (the socket's heartbeats and pings are frames, ` +
      `not requests). The bundle growth is what the hooks bundle's first load loses when the ` +
      `provider's real-time loader (live-realtime.ts) is left out; the rest of real-time loads ` +
      `with the first source.`,
    '',
    `Drops: ${options.drops} rounds, each live viewer in turn (who goes first alternates): ` +
      '`POST /__emulator/realtime/drop` with its userId closes its socket, the sender at once ' +
      `sends ${options.dropMessages} messages, and the time runs from the drop until the last of ` +
      "them is in the viewer's cached list (then the next drop waits until the viewer is " +
      "connected again). Doubled: a message that appears twice in one of a viewer's cached lists, " +
      'at any update of the whole run. Connection states, official: ' +
      `${result.liveStates.join(' -> ')}; ours: ${result.oursStates.join(' -> ')}.`,
    '',
    `Heap: the other two viewers closed (and the official client stopped), our viewer alone on ` +
      `the conversation; the sender makes events through the emulator's Fetch handler in Node: ` +
      'edits of 20 messages, typing notifications and read receipts in turn, which change what ' +
      `the cache holds without adding to it. After a warm-up of ${options.heapWarmup} events ` +
      "(and the 20 messages), the page's used JS heap is read through the DevTools protocol " +
      '(`HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage`), again once our client has ' +
      `emitted all ${heap.events.toLocaleString('en')} events more.`,
    '',
  );
}

const runners: Record<Section, () => Promise<void>> = {
  size: sizeSection,
  overhead: overheadSection,
  requests: requestsSection,
  scale: scaleSection,
  persistence: persistenceSection,
  render: renderSection,
  realtime: realtimeSection,
};

const started = performance.now();
for (const section of sections) {
  if (!only.has(section)) continue;
  try {
    await runners[section]();
  } catch (error) {
    // One broken section must not hide the others' numbers.
    log(`${section} failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    rows.push({
      section,
      measure: 'FAILED',
      // The first line only: the whole error went to stderr above.
      value: (error instanceof Error ? error.message : String(error)).split('\n')[0]!,
      ratio: '',
      target: '',
      verdict: 'MISSED',
    });
  }
}

function table(): string {
  const header = [
    'Section',
    'Measure',
    'Value (timings: min / median / max)',
    'Ratio',
    'Target',
    '',
  ];
  const lines = rows.map((r) => [r.section, r.measure, r.value, r.ratio, r.target, r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    format(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(format),
  ].join('\n');
}

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} x ${os.availableParallelism()}, Node ${process.version}, ${os.platform()} ${os.release()}`;
const output = table();
console.log(output);
writeFileSync(
  new URL('./results.md', import.meta.url),
  [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString()} (${machine}), ` +
      `in ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    '',
    output,
    '',
    ...notes,
  ].join('\n'),
);
log('wrote bench/results.md');
