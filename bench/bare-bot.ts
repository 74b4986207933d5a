// The baseline: a bare grammY bot that copies each client message to one operator, run the way the console
// is (its own node process with tsx), with the same auto-retry the console's direct answers use.
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot } from "grammy";

const bot = new Bot(process.env.BOT_TOKEN!, { client: { apiRoot: process.env.BOT_API_ROOT! } });
bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10 }));
const operator = Number(process.env.OPERATOR_ID);
bot.on("message", (ctx) => ctx.copyMessage(operator));
process.once("SIGTERM", () => void bot.stop().then(() => process.exit(0)));
await bot.start();
