import { AsyncLocalStorage } from "node:async_hooks";
const als = new AsyncLocalStorage();
globalThis.__als = als;
als.enterWith({ x: 1 });
setInterval(() => als.run({ y: 2 }, () => als.getStore()), 100).unref();
