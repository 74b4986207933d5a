import type { Algorithm } from "../rules/groups.js";
import type { T } from "./words.js";

/** How a group picks who gets a chat, in the reader's words. */
export function algorithmName(t: T, algorithm: Algorithm): string {
  return t(`algorithm-${algorithm.replaceAll("_", "-")}`);
}
