// Shared statistics: every timing in the bench is reported as min / median / max so the machine's
// noise stays visible next to the number we compare.
export interface Summary {
  min: number;
  median: number;
  max: number;
  samples: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)!, samples: sorted.length };
}

/** `1.23 / 1.45 / 9.87` in milliseconds. */
export function formatSummary(summary: Summary, digits = 2): string {
  return [summary.min, summary.median, summary.max].map((v) => v.toFixed(digits)).join(' / ');
}
