import { type ChildProcess, fork } from "node:child_process";
import { resolve } from "node:path";
import type { TooManySample } from "./fake-process.js";

export interface FakeStats {
  byMethod: Record<string, number>;
  tooMany: number;
  /** 429s by method, and the first few described (see fake-process.ts). */
  tooManyByMethod: Record<string, number>;
  tooManySamples: TooManySample[];
  injected: number;
  /** Sends accepted (send*, copy*, forward*, edit*: what Telegram counts against its limits). */
  sends: number;
  /** copyMessage and forwardMessage accepted: client messages that reached an operator. */
  copies: number;
  /** Date.now() of the last accepted send, and of the bot's first getUpdates (0: none yet). */
  lastSendAt: number;
  firstGetUpdatesAt: number;
  /** Copies timed since the last mark(). */
  delivered: number;
  latencyP50: number;
  latencyP99: number;
}

/** Talks to bench/fake-process.ts: a fake Bot API on loopback, in its own process. */
export class RemoteFake {
  private constructor(
    private readonly child: ChildProcess,
    readonly apiRoot: string,
  ) {}

  static async start(): Promise<RemoteFake> {
    const child = fork(resolve(import.meta.dirname, "fake-process.ts"), {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ready = await new Promise<{ apiRoot: string }>((res) => child.once("message", (m) => res(m as { apiRoot: string })));
    return new RemoteFake(child, ready.apiRoot);
  }

  private ask<T>(command: unknown): Promise<T> {
    return new Promise((res) => {
      this.child.once("message", (m) => res(m as T));
      this.child.send(command as any);
    });
  }

  users(ids: number[]) {
    return this.ask({ type: "users", ids });
  }
  queue(clients: number, count: number, firstClientId = 100_000, perSecond?: number) {
    return this.ask({ type: "queue", clients, count, firstClientId, perSecond });
  }
  rateLimit(perSecond: number, perChatPerSecond: number) {
    return this.ask({ type: "rateLimit", perSecond, perChatPerSecond });
  }
  /** @BotFather's threaded mode for the bot, as getMe reports it. */
  threadedMode(on: boolean) {
    return this.ask({ type: "threadedMode", on });
  }
  noRateLimit() {
    return this.ask({ type: "noRateLimit" });
  }
  /** Forgets the bot's first getUpdates, to time another start against the same fake. */
  resetFirstGetUpdates() {
    return this.ask({ type: "resetFirstGetUpdates" });
  }
  /** Forgets the latencies timed so far, so the next phase is timed on its own. */
  mark() {
    return this.ask({ type: "mark" });
  }
  /** `userId` writes `text`; resolves with the ms until the bot's answer starting with `prefix` arrived (NaN: none). */
  async command(userId: number, text: string, prefix: string, timeoutMs = 120_000): Promise<number> {
    return (await this.ask<{ ms: number }>({ type: "ask", userId, text, prefix, timeoutMs })).ms;
  }
  /** Polls until `check` passes on the fake's figures, or throws after `timeoutMs`. */
  async until(check: (s: FakeStats) => boolean, timeoutMs: number, what: string): Promise<FakeStats> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.stats();
      if (check(s)) return s;
      if (Date.now() > deadline) throw new Error(`benchmark step timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  stats(): Promise<FakeStats> {
    return this.ask<FakeStats>({ type: "stats" });
  }
  stop(): void {
    this.child.kill();
  }
}
