import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";

/** Compares secrets in constant time; hashing first makes unequal lengths take the same time too. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Every API request needs `Authorization: Bearer <API_TOKEN>`; anything else gets a bare 401. */
export function bearer(token: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const given = header.startsWith("Bearer ") ? header.slice(7) : "";
    if (!given || !sameSecret(given, token)) return c.json({ error: "unauthorized" }, 401);
    await next();
  };
}
