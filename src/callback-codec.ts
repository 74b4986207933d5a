/**
 * Callback data for the console's own buttons: a short tag and whole numbers, checked on the way back in.
 * Anything that does not decode (forged, from an old version, someone else's) is simply not ours.
 */
const SPEC = {
  claim: { tag: "cl", fields: ["chat", "v"] },
  assignMenu: { tag: "am", fields: ["chat", "v", "page"] },
  assignTo: { tag: "ao", fields: ["chat", "v", "op"] },
  assignGroup: { tag: "ag", fields: ["chat", "v", "group"] },
  unassign: { tag: "un", fields: ["chat", "v"] },
  close: { tag: "cc", fields: ["chat", "v"] },
  reopen: { tag: "ro", fields: ["chat", "v"] },
  responsibleOff: { tag: "rf", fields: ["chat", "v"] },
  responsibleOn: { tag: "rn", fields: ["chat", "v"] },
  card: { tag: "cd", fields: ["chat"] },
  rescue: { tag: "rs", fields: ["chat"] },
  history: { tag: "hi", fields: ["chat", "page"] },
  takeOver: { tag: "ht", fields: ["held"] },
  sendAnyway: { tag: "hs", fields: ["held"] },
  cancelHeld: { tag: "hc", fields: ["held"] },
  chatList: { tag: "ls", fields: ["kind", "arg", "status", "page"] },
  chatListPick: { tag: "lp", fields: ["kind", "status"] },
  openChat: { tag: "oc", fields: ["chat"] },
  transcript: { tag: "tr", fields: ["chat"] },
  report: { tag: "rp", fields: ["period", "csv"] },
  // Answers inside the multi-step dialogues (conversations).
  dialogChoice: { tag: "dc", fields: ["index"] },
  dialogToggle: { tag: "dt", fields: ["op"] },
  dialogDone: { tag: "dd", fields: [] },
  dialogCancel: { tag: "dx", fields: [] },
  // A client's answer to "How did we do?" about one closing of their chat, and their wish to add a comment.
  rate: { tag: "rt", fields: ["closure", "score"] },
  rateComment: { tag: "rk", fields: ["closure"] },
  // Saved replies (/replies); `section` 0 is the team library, 1 the operator's own.
  repliesHome: { tag: "qh", fields: [] },
  repliesSection: { tag: "ql", fields: ["section", "page"] },
  replyOpen: { tag: "qv", fields: ["reply"] },
  replyAdd: { tag: "qa", fields: ["section"] },
  replyEdit: { tag: "qe", fields: ["reply"] },
  replyDelete: { tag: "qd", fields: ["reply"] },
  replyDeleteConfirm: { tag: "qy", fields: ["reply"] },
  // The card's tag menu: open it, toggle one of the team's tags on the chat.
  tagMenu: { tag: "tg", fields: ["chat"] },
  tagToggle: { tag: "tt", fields: ["chat", "tag"] },
  // A page of a /find search, kept as a row because its words do not fit into callback data.
  searchPage: { tag: "sp", fields: ["search", "page"] },
  /** The report's picture for a period (index as in `report`). */
  reportChart: { tag: "rc", fields: ["period"] },
} as const;

type Spec = typeof SPEC;
export type Action = keyof Spec;
export type CallbackData = { [A in Action]: { action: A } & { [F in Spec[A]["fields"][number]]: number } }[Action];
export type DataOf<A extends Action> = Extract<CallbackData, { action: A }>;

const PREFIX = "oc";
const byTag = new Map<string, Action>(Object.entries(SPEC).map(([action, s]) => [s.tag, action as Action]));

export function encode(data: CallbackData): string {
  const spec = SPEC[data.action];
  const values = spec.fields.map((f) => (data as unknown as Record<string, number>)[f]);
  const encoded = [PREFIX, spec.tag, ...values].join(":");
  // Telegram refuses callback data over 64 bytes with BUTTON_DATA_INVALID; ours is far below, but say so loudly.
  if (Buffer.byteLength(encoded) > 64) throw new Error(`callback data too long: ${encoded}`);
  return encoded;
}

export function decode(raw: string | undefined): CallbackData | undefined {
  if (!raw) return undefined;
  const [prefix, tag, ...values] = raw.split(":");
  if (prefix !== PREFIX || !tag) return undefined;
  const action = byTag.get(tag);
  if (!action) return undefined;
  const fields = SPEC[action].fields;
  if (values.length !== fields.length || !values.every((v) => /^\d{1,15}$/.test(v))) return undefined;
  const data: Record<string, unknown> = { action };
  fields.forEach((f, i) => {
    data[f] = Number(values[i]);
  });
  return data as CallbackData;
}

/** Matches callback queries of the given actions, for `bot.callbackQuery(...)`. */
export function matcher(...actions: Action[]): RegExp {
  return new RegExp(`^${PREFIX}:(${actions.map((a) => SPEC[a].tag).join("|")})(:|$)`);
}
