import { describe, expect, it } from "vitest";
import { fitEntities, fitText, withSignature } from "../src/text-limits.js";

describe("cutting text to Telegram's limits", () => {
  it("keeps texts that fit, and cuts the rest between characters, within the limit in UTF-16 units", () => {
    expect(fitText("hello", 5)).toBe("hello");
    expect(fitText("hello!", 5)).toBe("hell…");
    // Each emoji is two units: a cut at an odd unit leaves the half emoji out instead of splitting it.
    expect(fitText("😀😀😀", 4)).toBe("😀…");
    // A flag (two code points) and a family (joined by zero-width joiners) stay whole.
    expect(fitText("🇩🇪🇩🇪", 6)).toBe("🇩🇪…");
    const family = "👨‍👩‍👧";
    expect(fitText(`${family}${family}`, family.length + 3)).toBe(`${family}…`);
  });

  it("falls back to code points for a single character longer than the room", () => {
    const zalgo = `a${"\u0301".repeat(50)}`;
    expect(fitText(zalgo, 10)).toBe(`a${"\u0301".repeat(8)}…`);
    expect(fitText("😀😀", 2)).toBe("…");
  });

  it("signs under the text, cutting only the text, and keeps formatting inside what is left", () => {
    expect(withSignature("", "Ada", 100)).toBe("— Ada");
    expect(withSignature("😀".repeat(10), "Ada", 15)).toBe("😀😀😀…\n\n— Ada");
    expect(
      fitEntities(
        [
          { offset: 0, length: 3 },
          { offset: 2, length: 10 },
          { offset: 9, length: 1 },
        ],
        5,
      ),
    ).toEqual([
      { offset: 0, length: 3 },
      { offset: 2, length: 3 },
    ]);
  });
});
