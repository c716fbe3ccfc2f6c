// Request count of a scripted inbox session with our hooks (filled in once the hooks exist).
export interface RequestStep {
  name: string;
  requests: number;
  minimum: number;
}

export type RequestCountResult =
  | { skipped: string }
  | { skipped?: undefined; steps: RequestStep[]; total: number; minimum: number; notes: string[] };

export async function measureRequestCount(): Promise<RequestCountResult> {
  return { skipped: 'not measured yet' };
}
