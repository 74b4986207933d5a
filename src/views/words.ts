/** A translate function bound to one reader's language, as views take it (`ctx.t` in handlers). */
export type T = (key: string, vars?: Record<string, string | number>) => string;
