-- WITHOUT ROWID: the rows sit in (hour, operator) order, so a few hours' rows share a few pages whatever order
-- they were written in (rows of ~240 bytes; report_days' ~1.5 KB rows would spill to overflow pages). With a rowid,
-- on the generated store, the 500 rows of 13 hours lay on ~300 pages.
CREATE TABLE `report_hours` (
	`operator_id` integer NOT NULL,
	`hour` integer NOT NULL,
	`messages_sent` integer DEFAULT 0 NOT NULL,
	`first_responses` blob DEFAULT x'' NOT NULL,
	`closings` blob DEFAULT x'' NOT NULL,
	`assigned_chats` blob DEFAULT x'' NOT NULL,
	`reassigned_in` integer DEFAULT 0 NOT NULL,
	`reassigned_out` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`hour`, `operator_id`)
) WITHOUT ROWID;--> statement-breakpoint
-- The same packing as migration report_days_packed (src/rules/packed-samples.ts reads it), by the UTC hour. Filled
-- from the raw rows over their covering report indexes, in hour order, so a period's rows sit together.
INSERT INTO `report_hours` (`operator_id`, `hour`, `messages_sent`, `first_responses`)
  SELECT `author_operator_id`, `created_at` / 3600000, count(*),
    unhex(coalesce(group_concat(CASE WHEN `first_response_ms` IS NULL THEN NULL ELSE CASE WHEN `first_response_ms` = CAST(`first_response_ms` AS INTEGER) AND `first_response_ms` BETWEEN 0 AND 4026531839 THEN printf('%08x', `first_response_ms`)
    WHEN `first_response_ms` * 4096 = CAST(`first_response_ms` * 4096 AS INTEGER) AND abs(`first_response_ms` * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST(`first_response_ms` * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof(`first_response_ms`) = 'integer', printf('%d', `first_response_ms`), printf('%!.17g', `first_response_ms`))))
      || hex(iif(typeof(`first_response_ms`) = 'integer', printf('%d', `first_response_ms`), printf('%!.17g', `first_response_ms`))) END END, ''), ''))
  FROM `messages` INDEXED BY `messages_report` WHERE `author_operator_id` IS NOT NULL
  GROUP BY `created_at` / 3600000, `author_operator_id` ORDER BY `created_at` / 3600000, `author_operator_id`;--> statement-breakpoint
INSERT INTO `report_hours` (`operator_id`, `hour`, `closings`)
  SELECT coalesce(`responsible_id`, `by_operator_id`), `closed_at` / 3600000, unhex(group_concat(CASE WHEN (`closed_at` - `opened_at`) = CAST((`closed_at` - `opened_at`) AS INTEGER) AND (`closed_at` - `opened_at`) BETWEEN 0 AND 4026531839 THEN printf('%08x', (`closed_at` - `opened_at`))
    WHEN (`closed_at` - `opened_at`) * 4096 = CAST((`closed_at` - `opened_at`) * 4096 AS INTEGER) AND abs((`closed_at` - `opened_at`) * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST((`closed_at` - `opened_at`) * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof((`closed_at` - `opened_at`)) = 'integer', printf('%d', (`closed_at` - `opened_at`)), printf('%!.17g', (`closed_at` - `opened_at`)))))
      || hex(iif(typeof((`closed_at` - `opened_at`)) = 'integer', printf('%d', (`closed_at` - `opened_at`)), printf('%!.17g', (`closed_at` - `opened_at`)))) END, ''))
  FROM `closures` INDEXED BY `closures_closed` GROUP BY `closed_at` / 3600000, coalesce(`responsible_id`, `by_operator_id`)
  ON CONFLICT (`hour`, `operator_id`) DO UPDATE SET `closings` = excluded.`closings`;--> statement-breakpoint
INSERT INTO `report_hours` (`operator_id`, `hour`, `assigned_chats`, `reassigned_in`)
  SELECT `to_operator_id`, `at` / 3600000, unhex(group_concat(CASE WHEN `chat_id` = CAST(`chat_id` AS INTEGER) AND `chat_id` BETWEEN 0 AND 4026531839 THEN printf('%08x', `chat_id`)
    WHEN `chat_id` * 4096 = CAST(`chat_id` * 4096 AS INTEGER) AND abs(`chat_id` * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST(`chat_id` * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof(`chat_id`) = 'integer', printf('%d', `chat_id`), printf('%!.17g', `chat_id`))))
      || hex(iif(typeof(`chat_id`) = 'integer', printf('%d', `chat_id`), printf('%!.17g', `chat_id`))) END, '')),
    count(*) FILTER (WHERE `from_operator_id` IS NOT NULL AND `from_operator_id` != `to_operator_id`)
  FROM `assignments` INDEXED BY `assignments_report` WHERE `to_operator_id` IS NOT NULL GROUP BY `at` / 3600000, `to_operator_id`
  ON CONFLICT (`hour`, `operator_id`) DO UPDATE SET `assigned_chats` = excluded.`assigned_chats`, `reassigned_in` = excluded.`reassigned_in`;--> statement-breakpoint
INSERT INTO `report_hours` (`operator_id`, `hour`, `reassigned_out`)
  SELECT `from_operator_id`, `at` / 3600000, count(*)
  FROM `assignments` INDEXED BY `assignments_report` WHERE `to_operator_id` IS NOT NULL AND `from_operator_id` IS NOT NULL AND `from_operator_id` != `to_operator_id`
  GROUP BY `at` / 3600000, `from_operator_id`
  ON CONFLICT (`hour`, `operator_id`) DO UPDATE SET `reassigned_out` = excluded.`reassigned_out`;--> statement-breakpoint
-- The hour's row beside the day's (report_days_message and its kind): both in the insert's own transaction.
CREATE TRIGGER `report_hours_message` AFTER INSERT ON `messages` WHEN NEW.`author_operator_id` IS NOT NULL BEGIN
  INSERT INTO `report_hours` (`operator_id`, `hour`, `messages_sent`, `first_responses`)
  VALUES (NEW.`author_operator_id`, NEW.`created_at` / 3600000, 1,
    unhex(CASE WHEN NEW.`first_response_ms` IS NULL THEN '' ELSE CASE WHEN NEW.`first_response_ms` = CAST(NEW.`first_response_ms` AS INTEGER) AND NEW.`first_response_ms` BETWEEN 0 AND 4026531839 THEN printf('%08x', NEW.`first_response_ms`)
    WHEN NEW.`first_response_ms` * 4096 = CAST(NEW.`first_response_ms` * 4096 AS INTEGER) AND abs(NEW.`first_response_ms` * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST(NEW.`first_response_ms` * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof(NEW.`first_response_ms`) = 'integer', printf('%d', NEW.`first_response_ms`), printf('%!.17g', NEW.`first_response_ms`))))
      || hex(iif(typeof(NEW.`first_response_ms`) = 'integer', printf('%d', NEW.`first_response_ms`), printf('%!.17g', NEW.`first_response_ms`))) END END))
  ON CONFLICT (`hour`, `operator_id`) DO UPDATE SET
    `messages_sent` = `messages_sent` + 1,
    `first_responses` = CAST(`first_responses` || excluded.`first_responses` AS BLOB);
END;--> statement-breakpoint
CREATE TRIGGER `report_hours_closure` AFTER INSERT ON `closures` BEGIN
  INSERT INTO `report_hours` (`operator_id`, `hour`, `closings`)
  VALUES (coalesce(NEW.`responsible_id`, NEW.`by_operator_id`), NEW.`closed_at` / 3600000,
    unhex(CASE WHEN (NEW.`closed_at` - NEW.`opened_at`) = CAST((NEW.`closed_at` - NEW.`opened_at`) AS INTEGER) AND (NEW.`closed_at` - NEW.`opened_at`) BETWEEN 0 AND 4026531839 THEN printf('%08x', (NEW.`closed_at` - NEW.`opened_at`))
    WHEN (NEW.`closed_at` - NEW.`opened_at`) * 4096 = CAST((NEW.`closed_at` - NEW.`opened_at`) * 4096 AS INTEGER) AND abs((NEW.`closed_at` - NEW.`opened_at`) * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST((NEW.`closed_at` - NEW.`opened_at`) * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof((NEW.`closed_at` - NEW.`opened_at`)) = 'integer', printf('%d', (NEW.`closed_at` - NEW.`opened_at`)), printf('%!.17g', (NEW.`closed_at` - NEW.`opened_at`)))))
      || hex(iif(typeof((NEW.`closed_at` - NEW.`opened_at`)) = 'integer', printf('%d', (NEW.`closed_at` - NEW.`opened_at`)), printf('%!.17g', (NEW.`closed_at` - NEW.`opened_at`)))) END))
  ON CONFLICT (`hour`, `operator_id`) DO UPDATE SET `closings` = CAST(`closings` || excluded.`closings` AS BLOB);
END;--> statement-breakpoint
CREATE TRIGGER `report_hours_assignment` AFTER INSERT ON `assignments` WHEN NEW.`to_operator_id` IS NOT NULL BEGIN
  INSERT INTO `report_hours` (`operator_id`, `hour`, `assigned_chats`, `reassigned_in`)
  VALUES (NEW.`to_operator_id`, NEW.`at` / 3600000, unhex(CASE WHEN NEW.`chat_id` = CAST(NEW.`chat_id` AS INTEGER) AND NEW.`chat_id` BETWEEN 0 AND 4026531839 THEN printf('%08x', NEW.`chat_id`)
    WHEN NEW.`chat_id` * 4096 = CAST(NEW.`chat_id` * 4096 AS INTEGER) AND abs(NEW.`chat_id` * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST(NEW.`chat_id` * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof(NEW.`chat_id`) = 'integer', printf('%d', NEW.`chat_id`), printf('%!.17g', NEW.`chat_id`))))
      || hex(iif(typeof(NEW.`chat_id`) = 'integer', printf('%d', NEW.`chat_id`), printf('%!.17g', NEW.`chat_id`))) END), NEW.`from_operator_id` IS NOT NULL AND NEW.`from_operator_id` != NEW.`to_operator_id`)
  ON CONFLICT (`hour`, `operator_id`) DO UPDATE SET
    `assigned_chats` = CAST(`assigned_chats` || excluded.`assigned_chats` AS BLOB),
    `reassigned_in` = `reassigned_in` + excluded.`reassigned_in`;
  INSERT INTO `report_hours` (`operator_id`, `hour`, `reassigned_out`)
  SELECT NEW.`from_operator_id`, NEW.`at` / 3600000, 1 WHERE NEW.`from_operator_id` IS NOT NULL AND NEW.`from_operator_id` != NEW.`to_operator_id`
  ON CONFLICT (`hour`, `operator_id`) DO UPDATE SET `reassigned_out` = `reassigned_out` + 1;
END;