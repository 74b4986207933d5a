type Compacted<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * The object without its undefined properties. With `exactOptionalPropertyTypes`, an optional parameter must be
 * absent rather than `undefined` (Telegram's API types say so too), so options assembled from maybe-values
 * pass through here.
 */
export function compact<T extends object>(options: T): Compacted<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (value !== undefined) out[key] = value;
  return out as Compacted<T>;
}
