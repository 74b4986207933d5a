import { type ChildProcess, fork } from "node:child_process";
import { resolve } from "node:path";

export interface FakeStats {
  byMethod: Record<string, number>;
  tooMany: number;
  injected: number;
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
    const child = fork(resolve(import.meta.dirname, "fake-process.ts"), { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
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
  stats(): Promise<FakeStats> {
    return this.ask<FakeStats>({ type: "stats" });
  }
  stop(): void {
    this.child.kill();
  }
}
