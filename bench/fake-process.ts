// The fake Bot API in a process of its own, so the bot under measurement has its core to itself, as it
// would against Telegram. Driven over the IPC channel by bench/run.ts.
import { FakeTelegram } from "../tests/support/fake-telegram/server.js";

type Command =
  | { type: "users"; ids: number[] }
  | { type: "queue"; clients: number; count: number; firstClientId: number; perSecond?: number }
  | { type: "rateLimit"; perSecond: number; perChatPerSecond: number }
  | { type: "stats" };

const fake = await new FakeTelegram().start();
/** When each client message was written, by "chatId:messageId", to time its arrival at an operator. */
const written = new Map<string, number>();
const latencies: number[] = [];
let injected = 0;

const send = (ids: number[], i: number) => {
  const id = ids[i % ids.length]!;
  const m = fake.send(fake.world.chat(id)!.chat as any, { text: `message ${i}` });
  written.set(`${id}:${m.message_id}`, performance.now());
  injected++;
};

// Time the arrival of each copy: the fake records every call; copies name their source.
const calls = fake.calls;
const originalPush = calls.push.bind(calls);
calls.push = (...items) => {
  for (const call of items) {
    if ((call.method === "copyMessage" || call.method === "forwardMessage") && call.status !== 0) {
      queueMicrotask(() => {
        if (call.status !== 200) return;
        const at = written.get(`${call.params.from_chat_id}:${call.params.message_id}`);
        if (at !== undefined) latencies.push(performance.now() - at);
      });
    }
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
      const byMethod: Record<string, number> = {};
      let tooMany = 0;
      for (const c of fake.calls) {
        if (c.status === 200) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
        if (c.status === 429) tooMany++;
      }
      const sorted = [...latencies].sort((a, b) => a - b);
      const pick = (p: number) => (sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
      process.send!({ type: "stats", byMethod, tooMany, injected, delivered: sorted.length, latencyP50: pick(50), latencyP99: pick(99) });
      return;
    }
  }
});

process.send!({ type: "ready", apiRoot: fake.apiRoot });
