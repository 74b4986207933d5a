import { describe, expect, it } from "vitest";
import { Pacer, TELEGRAM_LIMITS } from "../src/delivery/pacer.js";

/**
 * Drives the pacer as the worker does (one send in flight per chat, several chats at once) on a simulated
 * clock, with each request taking a random time to reach Telegram and to come back, and checks what Telegram
 * would count: arrivals per chat and arrivals in any sliding second.
 */
function simulate(seed: number, chats: number, sendsPerChat: number) {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pacer = new Pacer(TELEGRAM_LIMITS, 0);
  const left = new Map(Array.from({ length: chats }, (_, i) => [i, sendsPerChat]));
  const busyUntil = new Map<number, number>();
  const arrivals: Array<{ chat: number; at: number }> = [];
  for (let now = 0; [...left.values()].some((n) => n > 0) && now < 10_000_000; now++) {
    for (const [chat, until] of busyUntil) {
      if (until <= now) {
        pacer.done(chat, now);
        busyUntil.delete(chat);
      }
    }
    for (const [chat, n] of left) {
      if (n === 0 || busyUntil.has(chat) || busyUntil.size >= 8 || pacer.waitFor(chat, now) > 0) continue;
      pacer.take(chat, now);
      // Travel to Telegram 5 to 150 ms (an event loop busy with updates delays some requests), back 5 to 50 ms.
      const there = 5 + random() * 145;
      arrivals.push({ chat, at: now + there });
      busyUntil.set(chat, now + there + 5 + random() * 45);
      left.set(chat, n - 1);
    }
  }
  return arrivals.sort((a, b) => a.at - b.at);
}

describe("pacing to Telegram's limits", () => {
  it("never lets Telegram see two sends to one chat within a second, or more than 30 in any second", () => {
    for (const seed of [1, 2, 3]) {
      const arrivals = simulate(seed, 60, 20);
      expect(arrivals).toHaveLength(1_200);
      const lastAt = new Map<number, number>();
      for (const { chat, at } of arrivals) {
        const previous = lastAt.get(chat);
        if (previous !== undefined) expect(at - previous, `seed ${seed}, chat ${chat}`).toBeGreaterThanOrEqual(1000);
        lastAt.set(chat, at);
      }
      for (let i = 0, j = 0; i < arrivals.length; i++) {
        while (arrivals[j]!.at <= arrivals[i]!.at - 1000) j++;
        expect(i - j + 1, `seed ${seed}: sends in the second before ${arrivals[i]!.at.toFixed(0)} ms`).toBeLessThanOrEqual(30);
      }
      // And it still uses the allowance: a place is held for a round trip (here 10 to 200 ms, 105 on average)
      // plus a second, so 29 places give 29 / 1.105 ≈ 26 sends a second; with a 50 ms round trip, 27.6.
      // Measured while every chat still has sends waiting (at the end, the last chats' own 1 a second decides).
      const seconds = arrivals[599]!.at / 1000;
      expect(600 / seconds).toBeGreaterThanOrEqual(25);
    }
  });
});
