import { integer, primaryKey, sqliteTable } from "drizzle-orm/sqlite-core";
import { rolledUpFigures } from "./reports.js";

/** Report hours are UTC hours: `floor(ms / HOUR_MS)`; a UTC day is 24 of them. */
export const HOUR_MS = 3_600_000;

/**
 * `report_days` by the hour: the same figures per operator and UTC hour, kept by triggers of their own on
 * `messages`, `closures` and `assignments` (migration `report_hours`, which filled it from the rows already there).
 * A period's whole days come from `report_days`; the partial days at its ends from these rows, so only the minutes
 * before the first and after the last whole hour are read from the raw rows (the last ones from their hour's row
 * when nothing follows them in it, as for a period ending now: src/rules/report-parts.ts). Those partial days were
 * ~0.7 MB of scattered index pages read cold for `/report 30d` on the large store, and ~45 ms of CPU warm. The
 * table is WITHOUT ROWID (migration only; drizzle has no word for it), so an hour's rows sit together.
 */
export const reportHours = sqliteTable(
  "report_hours",
  {
    operatorId: integer("operator_id").notNull(),
    hour: integer("hour").notNull(),
    ...rolledUpFigures(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.operatorId] })],
);
