import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { FluentResource } from "@fluent/bundle";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { LOCALES_DIR } from "../src/views/i18n.js";

/**
 * Words a person reads live in views and locale files only. This scans the source for literals that read as
 * prose and for translation keys, so a sentence added to a feature or a rule, a typo in a key, or a word
 * nobody uses any more fails here, by file and line.
 */

const ROOT = resolve(import.meta.dirname, "..");
const SRC = join(ROOT, "src");

/** Where prose is allowed, and why. */
const PROSE_ALLOWED: Record<string, string> = {
  "src/views/": "views are where words are put together (from locale files)",
  "src/config.ts": "configuration errors are printed to the deployer's terminal at start-up, in English",
  "src/db/open-errors.ts": "database-path errors are printed to the deployer's terminal at start-up, in English",
  "src/db/lock.ts": "the single-instance lock's errors are printed to the deployer's terminal, in English",
  "src/http/": "the HTTP API is for integrators' programs: its errors and OpenAPI descriptions are in English by contract",
  "src/main.ts": "start-up and shutdown lines are written to the deployer's terminal (stderr), in English",
};

/** Single literals elsewhere that read like words but are not for a person using the bot. */
const LITERALS_ALLOWED: Array<{ file: string; startsWith: string; why: string }> = [
  { file: "src/rules/events.ts", startsWith: "unreachable after", why: "describeFailure: the outbox's last_error column, for logs" },
  { file: "src/db/checkpointer.ts", startsWith: "import(", why: "code the checkpoint thread evaluates" },
];

/**
 * Keys built at run time from an id (`t(\`algorithm-${id}\`)`): every key under such a prefix counts as used.
 * Each prefix must still appear in the source as the start of a key template.
 */
const DYNAMIC_KEY_PREFIXES = [
  "algorithm-",
  "chat-list-line-",
  "topics-state-",
  "chat-list-scope-",
  "chat-list-status-",
  "chat-list-filter-",
  "profile-channel-",
  "profile-filter-",
  "profile-availability-",
  "report-period-",
  "report-button-",
  "hours-bad-",
  "roster-role-",
  // Built in commandKey (src/bot/commands.ts) and passed on as a variable.
  "command-client-",
  "command-",
];

interface Found {
  where: string;
  text: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith(".ts") ? [path] : [];
  });
}

const FILES = sourceFiles(SRC).map((path) => {
  const name = relative(ROOT, path).replaceAll("\\", "/");
  return { name, source: ts.createSourceFile(name, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true) };
});

const LOG_LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal"]);

/** The literal's text, with each `${...}` of a template standing as "x". */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => `x${s.literal.text}`).join("");
  return undefined;
}

/** Said to developers or to the machine, not to a person using the bot. */
function forDevelopers(node: ts.Node): boolean {
  for (let at: ts.Node = node; at.parent; at = at.parent) {
    const p = at.parent;
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isLiteralTypeNode(p)) return true;
    if (ts.isTaggedTemplateExpression(p) && p.tag.getText() === "sql") return true;
    // Thrown errors are for whoever reads the logs; handlers turn refusals into words through locale keys.
    if (ts.isNewExpression(p) && /Error$/.test(p.expression.getText())) return true;
    if (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression)) {
      const { name, expression } = p.expression;
      if (LOG_LEVELS.has(name.text) && /(^|\.)(log|logger|console)$/i.test(expression.getText())) return true;
    }
    if (ts.isStatement(p)) return false;
  }
  return false;
}

/** SQL as this code base writes it, keywords in capitals (so "with sound" stays words). */
const SQL = /^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|VACUUM)\b/;
/** An emoji with a word: "✅ Done". A mark alone ("✅", "🟢 ${name}") says the same in every language. */
const EMOJI_WORD = /\p{Extended_Pictographic}\uFE0F?[ \t]*\p{L}{3,}/u;
/** Two words in a row, one of three letters or more: "Hello there", "not valid", "Came from". */
const WORDS = /(\p{L}{3,}[ \t]+\p{L}{2,})|(\p{L}{2,}[ \t]+\p{L}{3,})/u;

function looksLikeProse(text: string): boolean {
  if (SQL.test(text)) return false;
  return EMOJI_WORD.test(text) || WORDS.test(text);
}

function proseIn(file: { name: string; source: ts.SourceFile }): Found[] {
  const found: Found[] = [];
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    const excused = (t: string) => LITERALS_ALLOWED.some((a) => a.file === file.name && t.startsWith(a.startsWith));
    if (text !== undefined && looksLikeProse(text) && !forDevelopers(node) && !excused(text)) {
      const line = file.source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push({ where: `${file.name}:${line}`, text });
    }
    // A template's parts are not visited on their own: the whole template was judged above.
    if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
    else for (const span of node.templateSpans) visit(span.expression);
  };
  visit(file.source);
  return found;
}

/** Message ids in one language, and the ids messages refer to from inside other messages. */
function englishKeys(): { keys: Set<string>; referenced: Set<string> } {
  const keys = new Set<string>();
  const referenced = new Set<string>();
  for (const file of readdirSync(join(LOCALES_DIR, "en")).filter((f) => f.endsWith(".ftl"))) {
    const text = readFileSync(join(LOCALES_DIR, "en", file), "utf8");
    for (const entry of new FluentResource(text).body) keys.add(entry.id);
    for (const m of text.matchAll(/\{\s*(-?[a-zA-Z][\w-]*)\s*[}(]/g)) referenced.add(m[1]!);
  }
  return { keys, referenced };
}

/** What is passed as a key: `t(k)`, `ctx.t(k)`, `x.translate(locale, k)`, `translate(locale, k)`. */
function keyArgument(call: ts.CallExpression): ts.Expression | undefined {
  const callee = call.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name === "t") return call.arguments[0];
  if (name === "translate") return call.arguments[1];
  return undefined;
}

function keysUsed(): { literals: Found[]; templates: Found[]; calls: Found[] } {
  const literals: Found[] = [];
  const templates: Found[] = [];
  const calls: Found[] = [];
  for (const file of FILES) {
    const where = (n: ts.Node) => `${file.name}:${file.source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.push({ where: where(node), text: node.text });
      if (ts.isTemplateExpression(node)) templates.push({ where: where(node), text: node.head.text });
      if (ts.isCallExpression(node)) {
        const key = keyArgument(node);
        if (key && (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key))) calls.push({ where: where(key), text: key.text });
      }
      ts.forEachChild(node, visit);
    };
    visit(file.source);
  }
  return { literals, templates, calls };
}

describe("words live in views and locale files", () => {
  it("no sentence a person reads is written in src/ outside the views (and the places listed with a reason)", () => {
    const allowed = Object.keys(PROSE_ALLOWED);
    const found = FILES.filter((f) => !allowed.some((a) => f.name === a || (a.endsWith("/") && f.name.startsWith(a)))).flatMap(proseIn);
    expect(found.map((f) => `${f.where} ${JSON.stringify(f.text)}`)).toEqual([]);
  });

  it("the scan sees a sentence handed to a reply, and lets keys, logs, errors and SQL be", () => {
    const scan = (code: string) =>
      proseIn({ name: "x.ts", source: ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true) }).map((f) => f.text);
    expect(scan(`await ctx.reply("Hello there");`)).toEqual(["Hello there"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the code under scan holds a template
    expect(scan("await ctx.reply(`Hi ${name}, welcome back`);")).toEqual(["Hi x, welcome back"]);
    expect(scan(`const a = { text: "✅ Done" };`)).toEqual(["✅ Done"]);
    expect(scan(`const CHANNELS = { sound: "with sound", off: "off" };`)).toEqual(["with sound"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the code under scan holds a template
    expect(scan('k.text(`✅ ${label}`); k.text("◀️");')).toEqual([]);
    expect(
      scan(`
        import { x } from "../rules/some thing.js";
        await ctx.reply(ctx.t("start-hello", { help }));
        ctx.deps.log.warn({ err }, "could not send the card");
        throw new Error("the outbox row has no destination");
        db.get(sql\`SELECT count(*) AS n FROM messages\`);
        statement(db, "SELECT last_chat_id AS chat FROM operator_feeds WHERE operator_id = ?");
        type Reason = "not admin";
      `),
    ).toEqual([]);
  });

  it("every key the source asks for exists in English", () => {
    const { keys } = englishKeys();
    const { calls } = keysUsed();
    expect(calls.filter((c) => !keys.has(c.text)).map((c) => `${c.where} ${c.text}`)).toEqual([]);
  });

  it("every key built at run time has its prefix listed, and every listed prefix is still built", () => {
    const { templates } = keysUsed();
    const built = new Set<string>();
    const unlisted: string[] = [];
    for (const file of FILES) {
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node)) {
          const key = keyArgument(node);
          if (key && ts.isTemplateExpression(key)) {
            built.add(key.head.text);
            if (!DYNAMIC_KEY_PREFIXES.includes(key.head.text)) unlisted.push(`${file.name} ${key.head.text}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file.source);
    }
    expect(unlisted).toEqual([]);
    expect(DYNAMIC_KEY_PREFIXES.filter((p) => !built.has(p) && !templates.some((t) => t.text === p))).toEqual([]);
  });

  it("every English key is used somewhere: no dead words", () => {
    const { keys, referenced } = englishKeys();
    const { literals } = keysUsed();
    const written = new Set(literals.map((l) => l.text));
    const dead = [...keys].filter((k) => !written.has(k) && !referenced.has(k) && !DYNAMIC_KEY_PREFIXES.some((p) => k.startsWith(p)));
    expect(dead).toEqual([]);
  });
});
