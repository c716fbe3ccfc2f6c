// Rendering of the Inbox story in headless Chromium (filled in once the story exists).
export type RenderResult =
  | { skipped: string }
  | {
      skipped?: undefined;
      maxRowsInDom: number;
      threadsLoaded: number;
      scrollMs: number;
      requests: number;
      notes: string[];
    };

export async function measureRendering(_threads: number): Promise<RenderResult> {
  return { skipped: 'not measured yet' };
}
