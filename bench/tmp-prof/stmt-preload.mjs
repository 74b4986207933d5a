import { isMainThread } from "node:worker_threads";
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
if (isMainThread) {
  const require = createRequire(process.cwd() + "/");
  const Database = require(process.env.BSQ_PATH);
  const counts = new Map();
  const origPrepare = Database.prototype.prepare;
  Database.prototype.prepare = function (src) {
    const st = origPrepare.call(this, src);
    for (const m of ["run", "get", "all", "iterate"]) {
      const f = st[m];
      st[m] = function (...a) {
        const t = process.hrtime.bigint();
        try { return f.apply(this, a); } finally {
          const c = counts.get(src) ?? [0, 0n]; c[0]++; c[1] += process.hrtime.bigint() - t; counts.set(src, c);
        }
      };
    }
    return st;
  };
  const origExec = Database.prototype.exec;
  Database.prototype.exec = function (src) { const t = process.hrtime.bigint(); try { return origExec.call(this, src); } finally { const c = counts.get("EXEC " + src) ?? [0, 0n]; c[0]++; c[1] += process.hrtime.bigint() - t; counts.set("EXEC " + src, c); } };
  const dump = () => writeFileSync(process.env.STMT_OUT, JSON.stringify([...counts].map(([k, [n, ns]]) => [k, n, Number(ns) / 1e6]).sort((a, b) => b[2] - a[2])));
  process.on("SIGUSR2", dump);
  process.on("exit", dump);
}
