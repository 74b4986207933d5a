import type { Operator } from "../rules/people.js";
import type { T } from "./words.js";

/** What /profile says above its buttons: the operator's notifications now, and what each row means. */
export function profileText(t: T, op: Pick<Operator, "notifyChannel" | "notifyFilter" | "availability">): string {
  return t("profile-text", {
    channel: t(`profile-channel-${op.notifyChannel.replaceAll("_", "-")}`),
    filter: t(`profile-filter-${op.notifyFilter.replaceAll("_", "-")}`),
    availability: t(`profile-availability-${op.availability}`),
  });
}
