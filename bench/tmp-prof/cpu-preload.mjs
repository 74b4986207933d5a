import { Session } from "node:inspector";
import { isMainThread } from "node:worker_threads";
import { writeFileSync } from "node:fs";
if (isMainThread) {
const s = new Session();
s.connect();
s.post("Profiler.enable");
s.post("Profiler.setSamplingInterval", { interval: 100 });
s.post("Profiler.start");
let done = false;
function stop() {
  if (done) return; done = true;
  s.post("Profiler.stop", (err, { profile }) => {
    writeFileSync(process.env.CPU_PROFILE_OUT, JSON.stringify(profile));
  });
}
process.on("SIGUSR2", stop);
process.on("exit", stop);
}
