/**
 * A line of the report needs two or three order statistics of its samples (median, 90th percentile), not the
 * samples in order: selecting them is linear, where sorting a month's ~360k samples twice over (each operator's,
 * then the team's) was about a fifth of the report's time. Results equal `medianOfSorted`/`percentile` exactly.
 */

/** The k-th smallest (0-based) of `a`, reordering `a` so that every element before index k is at or below it. */
export function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    // Median of three: samples come in time order, and some runs of them are already sorted.
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot, a[j+1..i-1] = pivot, a[i..hi] ≥ pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** The median of the samples (the mean of the middle two for an even count), or null for none; reorders `a`. */
export function medianOf(a: Float64Array): number | null {
  const n = a.length;
  if (n === 0) return null;
  const mid = n >> 1;
  const upper = select(a, mid);
  if (n % 2) return upper;
  let lower = a[0]!;
  for (let i = 1; i < mid; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/** Nearest-rank percentile (the smallest sample with at least p% at or below it), or null for none; reorders `a`. */
export function percentileOf(a: Float64Array, p: number): number | null {
  if (a.length === 0) return null;
  return select(a, Math.max(0, Math.ceil((p / 100) * a.length) - 1));
}
