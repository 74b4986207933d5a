// Bench section 2's cost ratio in isolation: copyJob("ours", 1, N) and copyJob("bare", 1, N) alternated `runs`
// times, then the 10-operator fan-out, printing the bot process's CPU per message (µs) and the median of each.
// `tsx bench/probe-copy-job.ts [messages=10000] [runs=3] [fanoutMessages=2000]` (fan-out 0 skips it).
// PROBE_PRELOAD=/path/cpu-preload.mjs CPU_PROFILE_OUT=/tmp/x.cpuprofile profiles our bot's first 1→1 run.
import { buildCompiledBot } from "./bot-process.js";
import { percentile } from "./common.js";
import { copyJob } from "./inbound.js";

const messages = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 3);
const fanoutMessages = Number(process.argv[4] ?? 2_000);
const preload = process.env.PROBE_PRELOAD;
buildCompiledBot();
const ours: number[] = [];
const bare: number[] = [];
for (let i = 0; i < runs; i++) {
  const profile =
    preload && i === 0 ? { preload, env: { CPU_PROFILE_OUT: process.env.CPU_PROFILE_OUT ?? "/tmp/copy.cpuprofile" } } : undefined;
  const o = await copyJob("ours", 1, messages, profile);
  ours.push(o.cpuPerMessageUs);
  if (!preload) {
    const b = await copyJob("bare", 1, messages);
    bare.push(b.cpuPerMessageUs);
  }
  console.log(JSON.stringify({ run: i, ours: Math.round(o.cpuPerMessageUs), sends: o.sends, bare: Math.round(bare.at(-1) ?? 0) }));
}
const fanout: number[] = [];
for (let i = 0; fanoutMessages > 0 && !preload && i < runs; i++) {
  const f = await copyJob("ours", 10, fanoutMessages);
  fanout.push(f.cpuPerSendUs);
  console.log(JSON.stringify({ run: i, fanoutPerSendUs: Math.round(f.cpuPerSendUs) }));
}
const med = (xs: number[]) =>
  xs.length
    ? Math.round(
        percentile(
          [...xs].sort((a, b) => a - b),
          50,
        ),
      )
    : undefined;
const o = med(ours);
const b = med(bare);
console.log(JSON.stringify({ oursUs: o, bareUs: b, ratio: o && b ? Number((o / b).toFixed(2)) : undefined, fanoutPerSendUs: med(fanout) }));
