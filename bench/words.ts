/**
 * Text for the generated store's messages, so search is timed on words shaped like a support desk's: a Zipf-like
 * vocabulary (a few hundred everyday words carry most of the text, a long tail of rarer ones, names, order
 * numbers), sentences of a few to a few dozen words. Its own seeded generator: the store's other draws (chat
 * sizes, sessions, assignments) stay exactly as they were.
 */
const COMMON = `the to and a i you is it for my of in on this that we be have your with can not please order
  thanks thank hello hi help would like what when will me do are just delivery payment card refund account
  how problem there yes no but so if at our from get need was got an did still today tomorrow time all one
  please could which they been here about now email phone number address price update check again why sent
  send received wrong item items package parcel courier return exchange size color invoice receipt discount
  code promo subscription cancel cancelled password login app website error message support team manager
  week day days hours minutes morning evening soon already waiting wait long ok okay sure great good sorry
  problem issue broken damaged missing late early shipping tracking status confirm confirmed booking
  appointment reschedule weekend monday tuesday wednesday thursday friday store warehouse stock available
  color black white blue red size small medium large bill charged twice money back bank transfer cash`
  .split(/\s+/)
  .filter(Boolean);

/** A small seeded generator, so two runs build the same store. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = "ka ro mi ne ta li so vu de pa zo ri ma ke lu bo sa ti no ga".split(" ");

/** `say(min, max)`: a message of min to max words. */
export function conversationWords(seed: number, tail = 30_000): (min: number, max: number) => string {
  const rand = mulberry32(seed);
  // The tail: made-up words of 2 to 4 syllables (product names, surnames, places), after the common ones.
  const tailWords = new Set<string>();
  while (tailWords.size < tail) {
    const n = 2 + Math.floor(rand() * 3);
    tailWords.add(Array.from({ length: n }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join(""));
  }
  const vocabulary = [...new Set(COMMON), ...tailWords];
  // Zipf, s = 1: the word of rank r is drawn with weight 1/r.
  const cumulative = new Float64Array(vocabulary.length);
  let sum = 0;
  for (let r = 0; r < vocabulary.length; r++) cumulative[r] = sum += 1 / (r + 1);
  const word = () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo]!;
  };
  return (min, max) => {
    const n = min + Math.floor(rand() * (max - min + 1));
    const words = Array.from({ length: n }, word);
    if (rand() < 0.1) words.push(`#${100_000 + Math.floor(rand() * 900_000)}`);
    return words.join(" ");
  };
}
