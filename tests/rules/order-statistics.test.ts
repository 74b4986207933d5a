import { describe, expect, it } from "vitest";
import { medianOf, percentileOf, select } from "../../src/rules/order-statistics.js";
import { median, percentile } from "../../src/rules/reports.js";

/** A small deterministic generator, so a failure names the case it failed on. */
function numbers(seed: number, n: number, spread: number): number[] {
  let s = seed;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
  return Array.from({ length: n }, () => Math.floor(next() * spread) + (next() < 0.1 ? 0.5 : 0));
}

describe("order statistics by selection", () => {
  const cases: Array<[string, number[]]> = [
    ["one sample", [7]],
    ["two samples", [9, 3]],
    ["all equal", Array(101).fill(4)],
    ["sorted", Array.from({ length: 200 }, (_, i) => i)],
    ["reversed", Array.from({ length: 201 }, (_, i) => 500 - i)],
    ["few distinct values", numbers(1, 1000, 3)],
    ["organ pipe", [...Array.from({ length: 50 }, (_, i) => i), ...Array.from({ length: 50 }, (_, i) => 50 - i)]],
  ];
  for (let seed = 2; seed < 40; seed++) cases.push([`random ${seed}`, numbers(seed, seed * 37, seed * 1000)]);

  it("gives exactly what sorting gives: the median, the 90th percentile, any rank", () => {
    for (const [name, values] of cases) {
      expect(medianOf(Float64Array.from(values)), name).toBe(median(values));
      for (const p of [1, 50, 90, 99, 100]) expect(percentileOf(Float64Array.from(values), p), `${name} p${p}`).toBe(percentile(values, p));
      const ordered = [...values].sort((a, b) => a - b);
      for (const k of [0, values.length >> 1, values.length - 1]) {
        const a = Float64Array.from(values);
        expect(select(a, k), `${name} k${k}`).toBe(ordered[k]);
        expect(
          [...a].sort((x, y) => x - y),
          `${name} keeps the samples`,
        ).toEqual(ordered);
      }
    }
  });

  it("has nothing to say about no samples", () => {
    expect(medianOf(new Float64Array(0))).toBeNull();
    expect(percentileOf(new Float64Array(0), 90)).toBeNull();
  });
});
