import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import { forgetPrepared } from "./prepared.js";

/** One update's turn in the batch; a timer or promise a handler left behind keeps it, so it is told apart later. */
interface Turn {
  readonly updateId: number;
}

/**
 * Several updates' writes in one transaction, so a burst of client messages costs one commit per getUpdates answer
 * instead of one per message: a commit writes every page the message touched into the WAL, and commits were the
 * largest single cost of storing one. Each update gets a savepoint, so one that fails is undone alone.
 *
 * The transaction belongs to the update being handled, and to nothing else. Anything else that touches the
 * connection while it is open (the delivery worker, the HTTP API, a timer, even a timer an earlier update left
 * behind) commits it first; so does every call to Telegram, whoever makes it (the hook is in the client options,
 * which conversations' own Api objects reuse). So no other code reads or writes inside a batch, and nothing leaves
 * the process (a copy, an answer, the confirmation of an update's offset) before the database kept what led to it.
 * Telling the update's own code from the rest takes an AsyncLocalStorage: a handler awaiting a chart render or a
 * file lets other code run meanwhile, and only the context says whose turn it is.
 */
export class WriteBatch {
  private readonly turns = new AsyncLocalStorage<Turn>();
  private current: Turn | undefined;
  private open = false;
  private savepoint = false;
  private afterCommits: Array<() => void> = [];
  private readonly beforeCommits: Array<() => void> = [];
  /** Set when a commit failed and the batch was rolled back; cleared by the next `begin()`. */
  rolledBack = false;
  /** Commits made by this batch, for tests and the benchmark. */
  commits = 0;

  private readonly exec: (sql: string) => void;

  /** `onCallbackError`: told when something waiting for a commit failed (the commit itself stands). */
  constructor(
    private readonly sqlite: Database.Database,
    private readonly onCallbackError: (err: unknown) => void = (err) =>
      queueMicrotask(() => {
        throw err;
      }),
  ) {
    this.exec = guardConnection(
      sqlite,
      () => this.beforeForeignAccess(),
      () => this.commit(),
    );
    // Statements compiled before the guard would bypass it.
    forgetPrepared(sqlite);
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Opens the batch's transaction (IMMEDIATE, as every transaction here: it waits for the write lock). */
  begin(): void {
    if (this.open) return;
    this.rolledBack = false;
    this.exec("BEGIN IMMEDIATE");
    this.open = true;
  }

  /**
   * Handles one update inside the batch, in a savepoint of its own: when it throws, its writes are undone and the
   * error passed on, the other updates' writes stay. Without an open batch it simply runs.
   */
  async item<T>(updateId: number, handle: () => Promise<T>): Promise<T> {
    const turn: Turn = { updateId };
    if (this.open) {
      this.exec("SAVEPOINT batch_item");
      this.savepoint = true;
    }
    this.current = turn;
    try {
      const result = await this.turns.run(turn, handle);
      this.closeItem(["RELEASE batch_item"]);
      return result;
    } catch (err) {
      this.closeItem(["ROLLBACK TO batch_item", "RELEASE batch_item"]);
      throw err;
    } finally {
      this.current = undefined;
      // Between updates no code runs in a turn: with the storage off, Node drops its promise hooks, which otherwise
      // cost every promise in the process (the delivery worker's, every HTTP call's) a call into JavaScript. The
      // next update's run() turns it on again. Code an earlier update left behind then reads no turn, or its old
      // one: either way not the current, so it commits first, as before.
      this.turns.disable();
    }
  }

  /**
   * Commits what the batch holds (a no-op when none is open), then runs what waited for it. A failed commit rolls
   * everything back, sets `rolledBack`, and throws the storage error.
   */
  commit(): void {
    if (this.open) {
      this.open = false;
      this.savepoint = false;
      this.runBeforeCommits();
      try {
        this.exec("COMMIT");
        this.commits++;
      } catch (err) {
        this.rollBack();
        throw err;
      } finally {
        this.runAfterCommits();
      }
      return;
    }
    this.runAfterCommits();
  }

  /** Drops the batch's writes (a failed commit, or a storage error the batch cannot get past). */
  rollBack(): void {
    this.open = false;
    this.savepoint = false;
    this.rolledBack = true;
    if (this.sqlite.inTransaction) this.exec("ROLLBACK");
    this.runAfterCommits();
  }

  /**
   * Runs `fn` inside the batch's transaction, right before each commit, for work done once per batch instead of
   * once per update. A failure is reported and does not keep the updates' writes from being committed, so `fn`
   * should undo its own writes when it fails (run them in a transaction of its own: it becomes a savepoint).
   */
  beforeCommit(fn: () => void): void {
    this.beforeCommits.push(fn);
  }

  /** Runs `fn` now, or once the open batch is committed (or rolled back: then it only finds less to do). */
  afterCommit(fn: () => void): void {
    if (this.open) this.afterCommits.push(fn);
    else fn();
  }

  /**
   * Client options for grammY whose every request to Telegram first commits the open batch. `buildUrl` runs
   * synchronously right before each request, for the bot's Api and for the Api objects conversations build.
   */
  telegramOptions<O extends { [option: string]: unknown; buildUrl?: BuildUrl | undefined }>(options: O): O & { buildUrl: BuildUrl } {
    const build = options.buildUrl ?? defaultBuildUrl;
    return {
      ...options,
      buildUrl: (root, token, method, env) => {
        this.commit();
        return build(root, token, method, env);
      },
    };
  }

  /** SQLite rolls a whole transaction back by itself on some errors (a full disk): then no savepoint is left. */
  private closeItem(statements: string[]): void {
    if (!this.savepoint) return;
    this.savepoint = false;
    try {
      if (!this.sqlite.inTransaction) throw new Error("the transaction was rolled back");
      for (const sql of statements) this.exec(sql);
    } catch {
      this.rollBack();
    }
  }

  private beforeForeignAccess(): void {
    if (this.open && (this.current === undefined || this.turns.getStore() !== this.current)) this.commit();
  }

  /** Called with the batch marked closed, so what they run is not taken for a foreign access that commits first. */
  private runBeforeCommits(): void {
    for (const fn of this.beforeCommits) {
      try {
        fn();
      } catch (err) {
        this.onCallbackError(err);
      }
    }
  }

  /**
   * What waited for the commit runs whatever happens to each: a callback's failure must neither make a done
   * commit look failed (polling would handle committed updates again) nor keep the others from running; it is
   * reported on its own, outside the commit.
   */
  private runAfterCommits(): void {
    if (this.afterCommits.length === 0) return;
    const waiting = this.afterCommits;
    this.afterCommits = [];
    for (const fn of waiting) {
      try {
        fn();
      } catch (err) {
        this.onCallbackError(err);
      }
    }
  }
}

type BuildUrl = (root: string, token: string, method: string, env: "prod" | "test") => string | URL;

/** grammY's own (not exported): `${root}/bot${token}/${method}`, with `test/` before the method on the test server. */
const defaultBuildUrl: BuildUrl = (root, token, method, env) => `${root}/bot${token}/${env === "test" ? "test/" : ""}${method}`;

const STATEMENT_METHODS = ["run", "get", "all", "iterate"] as const;

/**
 * Calls `before` ahead of every use of the connection (statements compiled from now on, exec, pragma,
 * transactions), and `commitFirst` ahead of a backup, a serialisation or closing. Per connection, on the instance, so other connections are untouched. Returns exec
 * past the guard, for the batch's own statements.
 */
function guardConnection(sqlite: Database.Database, before: () => void, commitFirst: () => void): (sql: string) => void {
  const db = sqlite as unknown as Record<string, (...args: unknown[]) => unknown>;
  const exec = db.exec!.bind(sqlite);
  // A transaction function is guarded at each call, not only when made: one compiled once and kept (the delivery
  // worker's record of a send) would otherwise begin inside an open batch.
  const transaction = db.transaction!;
  db.transaction = function (this: unknown, ...args: unknown[]) {
    before();
    return guardTransaction(transaction.apply(this, args) as Transaction, before);
  };
  for (const name of ["exec", "pragma", "function", "aggregate"] as const) {
    const original = db[name]!;
    db[name] = function (this: unknown, ...args: unknown[]) {
      before();
      return original.apply(this, args);
    };
  }
  // A copy of the database, or its end, takes only what is committed, whoever asks (an admin's /backup too).
  for (const name of ["backup", "serialize", "close"] as const) {
    const original = db[name]!;
    db[name] = function (this: unknown, ...args: unknown[]) {
      commitFirst();
      return original.apply(this, args);
    };
  }
  const prepare = db.prepare!;
  db.prepare = function (this: unknown, ...args: unknown[]) {
    const statement = prepare.apply(this, args) as Record<string, (...a: unknown[]) => unknown>;
    for (const name of STATEMENT_METHODS) {
      const method = statement[name]!;
      statement[name] = function (this: unknown, ...a: unknown[]) {
        before();
        return method.apply(this, a);
      };
    }
    return statement;
  };
  return (sql) => void exec(sql);
}

type Transaction = ((...args: unknown[]) => unknown) & Record<(typeof TRANSACTION_KINDS)[number], (...args: unknown[]) => unknown>;
const TRANSACTION_KINDS = ["deferred", "immediate", "exclusive"] as const;

/** The transaction function and its BEGIN variants, each calling `before` first. */
function guardTransaction(fn: Transaction, before: () => void): Transaction {
  const wrap = (f: (...args: unknown[]) => unknown) =>
    function (this: unknown, ...args: unknown[]) {
      before();
      return f.apply(this, args);
    };
  const guarded = wrap(fn) as Transaction;
  for (const kind of TRANSACTION_KINDS) guarded[kind] = wrap(fn[kind]);
  return guarded;
}
