import type { ReportDay } from "../rules/report-chart.js";
import type { ReportLine } from "../rules/reports.js";
import { duration } from "./reports.js";
import type { T } from "./words.js";

const WIDTH = 1000;
const LEFT = 70;
const RIGHT = 110;
const PLOT_TOP = 90;
const PLOT_HEIGHT = 280;
const ROW = 34;
/** More operators than this make a picture nobody reads on a phone; the rest are counted in a line. */
const MAX_OPERATORS = 20;
const COLOURS = { newChats: "#4e79a7", closed: "#59a14f", firstResponse: "#e15759", assigned: "#76b7b2", grid: "#e3e3e3", text: "#222" };
const FONT = "DejaVu Sans, Noto Sans, Liberation Sans, Arial, sans-serif";

/** Names come from Telegram profiles: anything in them is text, never markup. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function text(
  x: number,
  y: number,
  s: string,
  opts: { size?: number; anchor?: "start" | "middle" | "end"; colour?: string; bold?: boolean } = {},
) {
  const { size = 14, anchor = "start", colour = COLOURS.text, bold = false } = opts;
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" text-anchor="${anchor}" fill="${colour}"${bold ? ' font-weight="bold"' : ""}>${esc(s)}</text>`;
}

const rect = (x: number, y: number, w: number, h: number, colour: string) =>
  `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${Math.max(0, h).toFixed(1)}" fill="${colour}"/>`;

/** The smallest 1, 2 or 5 × 10^k at or above the value (at least 1), so the axis reads in round steps. */
function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function legend(x: number, y: number, items: Array<[string, string]>): string {
  let at = x;
  return items
    .map(([colour, label]) => {
      const part = `${rect(at, y - 11, 14, 14, colour)}${text(at + 20, y, label, { size: 13 })}`;
      at += 40 + label.length * 8;
      return part;
    })
    .join("");
}

/** Per day: new and closed chats as bars (left axis), the median first response as a line (right axis). */
function daysPanel(t: T, days: ReportDay[]): string {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const bottom = PLOT_TOP + PLOT_HEIGHT;
  // Four gridlines in round steps: a step of 1, 2 or 5 × 10^k chats, and of whole minutes for the waits.
  const countMax = 4 * niceCeiling(Math.max(0, ...days.flatMap((d) => [d.newChats, d.closedChats])) / 4);
  const waitMax = 4 * niceCeiling(Math.max(0, ...days.map((d) => (d.firstResponseMedianMs ?? 0) / 60_000)) / 4) * 60_000;
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const y = bottom - (PLOT_HEIGHT * i) / 4;
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y}" y2="${y}" stroke="${COLOURS.grid}"/>`);
    parts.push(text(LEFT - 8, y + 5, String(Math.round((countMax * i) / 4)), { size: 12, anchor: "end" }));
    parts.push(text(WIDTH - RIGHT + 8, y + 5, duration(t, (waitMax * i) / 4), { size: 12, colour: COLOURS.firstResponse }));
  }
  const slot = plotWidth / Math.max(1, days.length);
  const bar = Math.min(28, slot * 0.35);
  const labelEvery = Math.ceil(days.length / 10);
  const points: string[] = [];
  days.forEach((d, i) => {
    const centre = LEFT + slot * (i + 0.5);
    const h = (n: number) => (PLOT_HEIGHT * n) / countMax;
    parts.push(rect(centre - bar, bottom - h(d.newChats), bar, h(d.newChats), COLOURS.newChats));
    parts.push(rect(centre, bottom - h(d.closedChats), bar, h(d.closedChats), COLOURS.closed));
    if (i % labelEvery === 0)
      parts.push(text(centre, bottom + 20, t("report-chart-date", { date: new Date(d.start) }), { size: 12, anchor: "middle" }));
    if (d.firstResponseMedianMs !== null) {
      const y = bottom - (PLOT_HEIGHT * d.firstResponseMedianMs) / waitMax;
      points.push(`${centre.toFixed(1)},${y.toFixed(1)}`);
      parts.push(`<circle cx="${centre.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="${COLOURS.firstResponse}"/>`);
    }
  });
  if (points.length > 1)
    parts.push(`<polyline points="${points.join(" ")}" fill="none" stroke="${COLOURS.firstResponse}" stroke-width="2.5"/>`);
  parts.push(
    legend(LEFT, bottom + 50, [
      [COLOURS.newChats, t("report-chart-new-chats")],
      [COLOURS.closed, t("report-chart-closed-chats")],
      [COLOURS.firstResponse, t("report-chart-first-response")],
    ]),
  );
  return parts.join("");
}

/** Per operator: chats assigned and closed as pairs of horizontal bars, the counts at their ends. */
function operatorsPanel(t: T, lines: ReportLine[], top: number): string {
  const shown = lines.slice(0, MAX_OPERATORS);
  const nameWidth = 200;
  const barLeft = LEFT + nameWidth;
  const barWidth = WIDTH - RIGHT - barLeft - 40;
  const max = niceCeiling(Math.max(0, ...shown.flatMap((l) => [l.assigned, l.closed])));
  const parts = [text(LEFT, top, t("report-chart-operators"), { size: 16, bold: true })];
  parts.push(
    legend(LEFT + 260, top, [
      [COLOURS.assigned, t("report-chart-assigned")],
      [COLOURS.closed, t("report-chart-closed-chats")],
    ]),
  );
  shown.forEach((l, i) => {
    const y = top + 20 + i * ROW;
    const name = [...l.name].length > 24 ? `${[...l.name].slice(0, 23).join("")}…` : l.name;
    parts.push(text(barLeft - 10, y + 18, name, { size: 13, anchor: "end" }));
    for (const [j, value, colour] of [
      [0, l.assigned, COLOURS.assigned],
      [1, l.closed, COLOURS.closed],
    ] as const) {
      const w = (barWidth * value) / max;
      parts.push(rect(barLeft, y + 4 + j * 13, w, 11, colour));
      parts.push(text(barLeft + w + 6, y + 14 + j * 13, String(value), { size: 11 }));
    }
  });
  if (lines.length > shown.length) {
    parts.push(
      text(LEFT, top + 20 + shown.length * ROW + 16, t("report-chart-more-operators", { n: lines.length - shown.length }), { size: 13 }),
    );
  }
  return parts.join("");
}

/**
 * The report as a picture: the period day by day, then each operator's chats. With nothing in the period the axes
 * are still drawn, with a line saying so, so the picture never looks broken.
 */
export function reportChartSvg(t: T, period: string, days: ReportDay[], lines: ReportLine[]): string {
  const empty = days.every((d) => d.newChats === 0 && d.closedChats === 0 && d.firstResponseMedianMs === null) && lines.length === 0;
  const operatorsTop = PLOT_TOP + PLOT_HEIGHT + 100;
  const rows = Math.min(lines.length, MAX_OPERATORS) + (lines.length > MAX_OPERATORS ? 1 : 0);
  const height = lines.length ? operatorsTop + 30 + rows * ROW + 20 : operatorsTop;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}">`,
    rect(0, 0, WIDTH, height, "#ffffff"),
    text(LEFT, 40, t("report-chart-title", { period }), { size: 22, bold: true }),
    daysPanel(t, days),
    empty ? text(LEFT + (WIDTH - LEFT - RIGHT) / 2, PLOT_TOP + PLOT_HEIGHT / 2, t("report-empty"), { size: 18, anchor: "middle" }) : "",
    lines.length ? operatorsPanel(t, lines, operatorsTop) : "",
    "</svg>",
  ].join("");
}

/**
 * Rendered off the event loop (resvg's own thread pool), so drawing does not hold up the bot's other updates. Text
 * needs a font on the server: the system's fonts are used (DejaVu Sans or any sans-serif).
 */
export async function renderPng(svg: string): Promise<Buffer> {
  // Loaded on the first chart, not at start-up: the native renderer takes tens of ms to load and few teams draw charts.
  const { renderAsync } = await import("@resvg/resvg-js");
  const image = await renderAsync(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" }, background: "#ffffff" });
  return image.asPng();
}
