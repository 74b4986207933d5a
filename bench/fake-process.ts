// The fake Bot API in a process of its own, so the bot under measurement has its core to itself, as it
// would against Telegram. Driven over the IPC channel by bench/fake-client.ts; it is the bench's eye on
// the bot: what was sent, when, and what Telegram's limits refused.
import { FakeTelegram } from "../tests/support/fake-telegram/server.js";

type Command =
  | { type: "users"; ids: number[] }
  | { type: "queue"; clients: number; count: number; firstClientId: number; perSecond?: number }
  | { type: "rateLimit"; perSecond: number; perChatPerSecond: number }
  | { type: "noRateLimit" }
  | { type: "mark" }
  | { type: "resetFirstGetUpdates" }
  | { type: "ask"; userId: number; text: string; prefix: string; timeoutMs: number }
  | { type: "threadedMode"; on: boolean }
  | { type: "stats" };

/** One refused call: when, what, to whom, and the accepted sends the limit counted in the second before it. */
export interface TooManySample {
  at: number;
  method: string;
  chatId: number;
  limit: "overall" | "chat";
  /** Accepted sends in that second, all (overall) or to this chat (chat), by method; and to this chat. */
  windowByMethod: Record<string, number>;
  window: Array<{ msAgo: number; method: string; chatId: number }>;
}

const fake = await new FakeTelegram().start();
/** When each client message was written, by "chatId:messageId", to time its arrival at an operator. */
const written = new Map<string, number>();
let latencies: number[] = [];
let injected = 0;
/** Sends Telegram would have accepted (and so counted against its limits), copies among them, 429s. */
let sends = 0;
let copies = 0;
let tooMany = 0;
/** The 429s by method, and the first few described (which limit, what its second held), so the bench can say why. */
const tooManyByMethod: Record<string, number> = {};
const tooManySamples: TooManySample[] = [];
let lastSendAt = 0;
let firstGetUpdatesAt = 0;
const byMethod: Record<string, number> = {};
const waiters: Array<(call: { method: string; params: Record<string, any> }) => boolean> = [];

const send = (ids: number[], i: number) => {
  const id = ids[i % ids.length]!;
  const m = fake.send(fake.world.chat(id)!.chat as any, { text: `message ${i}` });
  written.set(`${id}:${m.message_id}`, performance.now());
  injected++;
};

// Counts as calls happen instead of walking the record on every question: the bench asks often.
const calls = fake.calls;
const originalPush = calls.push.bind(calls);
calls.push = (...items) => {
  for (const call of items) {
    if (call.method === "getUpdates" && firstGetUpdatesAt === 0) firstGetUpdatesAt = Date.now();
    // The fake settles a call's status synchronously after recording it; look once it has.
    queueMicrotask(() => {
      if (call.status === 429) {
        tooMany++;
        tooManyByMethod[call.method] = (tooManyByMethod[call.method] ?? 0) + 1;
        if (call.limited && tooManySamples.length < 50) {
          const windowByMethod: Record<string, number> = {};
          for (const s of call.limited.window) windowByMethod[s.method] = (windowByMethod[s.method] ?? 0) + 1;
          tooManySamples.push({
            at: call.at,
            method: call.method,
            chatId: Number(call.params.chat_id),
            limit: call.limited.limit,
            windowByMethod,
            window: call.limited.window.map((s) => ({ msAgo: call.at - s.at, method: s.method, chatId: s.chatId })),
          });
        }
      }
      if (call.status !== 200) return;
      byMethod[call.method] = (byMethod[call.method] ?? 0) + 1;
      if (/^(send|copy|forward|edit)/.test(call.method)) {
        sends++;
        lastSendAt = Date.now();
      }
      if (call.method === "copyMessage" || call.method === "forwardMessage") {
        copies++;
        const at = written.get(`${call.params.from_chat_id}:${call.params.message_id}`);
        if (at !== undefined) latencies.push(performance.now() - at);
      }
      for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]!(call)) waiters.splice(i, 1);
    });
  }
  return originalPush(...items);
};

process.on("message", (cmd: Command) => {
  switch (cmd.type) {
    case "users":
      for (const id of cmd.ids) fake.user(id, `User${id}`);
      process.send!({ type: "ok" });
      return;
    case "rateLimit":
      fake.rateLimit = { perSecond: cmd.perSecond, perChatPerSecond: cmd.perChatPerSecond };
      process.send!({ type: "ok" });
      return;
    case "threadedMode":
      fake.world.botSettings.hasTopicsEnabled = cmd.on;
      process.send!({ type: "ok" });
      return;
    case "noRateLimit":
      fake.rateLimit = undefined;
      process.send!({ type: "ok" });
      return;
    case "resetFirstGetUpdates":
      firstGetUpdatesAt = 0;
      process.send!({ type: "ok" });
      return;
    case "mark":
      latencies = [];
      process.send!({ type: "ok" });
      return;
    case "ask": {
      // A user writes a command; the answer's arrival is timed here, where Telegram would see it.
      const user = fake.world.chat(cmd.userId)!.chat as any;
      const t0 = performance.now();
      const timer = setTimeout(() => process.send!({ type: "answer", ms: NaN }), cmd.timeoutMs);
      waiters.push((call) => {
        if (
          call.method !== "sendMessage" ||
          Number(call.params.chat_id) !== cmd.userId ||
          !String(call.params.text ?? "").startsWith(cmd.prefix)
        )
          return false;
        clearTimeout(timer);
        process.send!({ type: "answer", ms: performance.now() - t0 });
        return true;
      });
      fake.send(user, { text: cmd.text });
      return;
    }
    case "queue": {
      const ids = Array.from({ length: cmd.clients }, (_, i) => fake.user(cmd.firstClientId + i, `Client${i}`).id);
      if (!cmd.perSecond) {
        for (let i = 0; i < cmd.count; i++) send(ids, i);
        process.send!({ type: "ok" });
        return;
      }
      // Paced injection: a steady stream of client messages at the given rate.
      const started = performance.now();
      let i = 0;
      const timer = setInterval(() => {
        const due = Math.min(cmd.count, Math.floor(((performance.now() - started) / 1000) * cmd.perSecond!));
        while (i < due) send(ids, i++);
        if (i >= cmd.count) clearInterval(timer);
      }, 5);
      process.send!({ type: "ok" });
      return;
    }
    case "stats": {
      const sorted = [...latencies].sort((a, b) => a - b);
      const pick = (p: number) => (sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
      process.send!({
        type: "stats",
        byMethod: { ...byMethod },
        tooMany,
        tooManyByMethod: { ...tooManyByMethod },
        tooManySamples,
        injected,
        sends,
        copies,
        lastSendAt,
        firstGetUpdatesAt,
        delivered: sorted.length,
        latencyP50: pick(50),
        latencyP99: pick(99),
      });
      return;
    }
  }
});

process.send!({ type: "ready", apiRoot: fake.apiRoot });
