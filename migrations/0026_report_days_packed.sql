-- Samples packed instead of JSON (src/rules/packed-samples.ts reads them): 4 bytes big-endian for a whole
-- millisecond count below 0xF0000000; 0xF0 then 6 bytes of value*4096 as a signed integer for a negative value or a
-- fraction of a millisecond in steps of 2^-12 (any difference of two timestamps after 2004 is one); else 0xF1, a
-- length byte and the value as text (%!.17g, exact). The day's assignments join the roll-up: the chats (packed the
-- same way, for distinct counts over any days) and the reassignments in and out.
-- The triggers go first: renaming the rebuilt table checks every trigger, and the old ones name a table that would
-- not exist at that moment.
DROP TRIGGER `report_days_message`;--> statement-breakpoint
DROP TRIGGER `report_days_closure`;--> statement-breakpoint
CREATE TABLE `__new_report_days` (
	`operator_id` integer NOT NULL,
	`day` integer NOT NULL,
	`messages_sent` integer DEFAULT 0 NOT NULL,
	`first_responses` blob DEFAULT x'' NOT NULL,
	`closings` blob DEFAULT x'' NOT NULL,
	`assigned_chats` blob DEFAULT x'' NOT NULL,
	`reassigned_in` integer DEFAULT 0 NOT NULL,
	`reassigned_out` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `operator_id`)
);--> statement-breakpoint
-- In day order, so a period's rows sit together in the rebuilt table.
INSERT INTO `__new_report_days` (`operator_id`, `day`, `messages_sent`, `first_responses`, `closings`)
  SELECT `operator_id`, `day`, `messages_sent`,
    unhex(coalesce((SELECT group_concat(CASE WHEN value = CAST(value AS INTEGER) AND value BETWEEN 0 AND 4026531839 THEN printf('%08x', value)
    WHEN value * 4096 = CAST(value * 4096 AS INTEGER) AND abs(value * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST(value * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof(value) = 'integer', printf('%d', value), printf('%!.17g', value))))
      || hex(iif(typeof(value) = 'integer', printf('%d', value), printf('%!.17g', value))) END, '') FROM json_each(`first_responses`)), '')),
    unhex(coalesce((SELECT group_concat(CASE WHEN value = CAST(value AS INTEGER) AND value BETWEEN 0 AND 4026531839 THEN printf('%08x', value)
    WHEN value * 4096 = CAST(value * 4096 AS INTEGER) AND abs(value * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST(value * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof(value) = 'integer', printf('%d', value), printf('%!.17g', value))))
      || hex(iif(typeof(value) = 'integer', printf('%d', value), printf('%!.17g', value))) END, '') FROM json_each(`closings`)), ''))
  FROM `report_days` ORDER BY `day`, `operator_id`;--> statement-breakpoint
INSERT INTO `__new_report_days` (`operator_id`, `day`, `assigned_chats`, `reassigned_in`)
  SELECT `to_operator_id`, `at` / 86400000, unhex(group_concat(CASE WHEN `chat_id` = CAST(`chat_id` AS INTEGER) AND `chat_id` BETWEEN 0 AND 4026531839 THEN printf('%08x', `chat_id`)
    WHEN `chat_id` * 4096 = CAST(`chat_id` * 4096 AS INTEGER) AND abs(`chat_id` * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST(`chat_id` * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof(`chat_id`) = 'integer', printf('%d', `chat_id`), printf('%!.17g', `chat_id`))))
      || hex(iif(typeof(`chat_id`) = 'integer', printf('%d', `chat_id`), printf('%!.17g', `chat_id`))) END, '')),
    count(*) FILTER (WHERE `from_operator_id` IS NOT NULL AND `from_operator_id` != `to_operator_id`)
  FROM `assignments` WHERE `to_operator_id` IS NOT NULL GROUP BY `to_operator_id`, `at` / 86400000
  ON CONFLICT (`day`, `operator_id`) DO UPDATE SET `assigned_chats` = excluded.`assigned_chats`, `reassigned_in` = excluded.`reassigned_in`;--> statement-breakpoint
INSERT INTO `__new_report_days` (`operator_id`, `day`, `reassigned_out`)
  SELECT `from_operator_id`, `at` / 86400000, count(*)
  FROM `assignments` WHERE `to_operator_id` IS NOT NULL AND `from_operator_id` IS NOT NULL AND `from_operator_id` != `to_operator_id`
  GROUP BY `from_operator_id`, `at` / 86400000
  ON CONFLICT (`day`, `operator_id`) DO UPDATE SET `reassigned_out` = excluded.`reassigned_out`;--> statement-breakpoint
DROP TABLE `report_days`;--> statement-breakpoint
ALTER TABLE `__new_report_days` RENAME TO `report_days`;--> statement-breakpoint
-- `||` of two blobs gives their bytes as text; the cast keeps those bytes and makes them a blob again.
CREATE TRIGGER `report_days_message` AFTER INSERT ON `messages` WHEN NEW.`author_operator_id` IS NOT NULL BEGIN
  INSERT INTO `report_days` (`operator_id`, `day`, `messages_sent`, `first_responses`)
  VALUES (NEW.`author_operator_id`, NEW.`created_at` / 86400000, 1,
    unhex(CASE WHEN NEW.`first_response_ms` IS NULL THEN '' ELSE CASE WHEN NEW.`first_response_ms` = CAST(NEW.`first_response_ms` AS INTEGER) AND NEW.`first_response_ms` BETWEEN 0 AND 4026531839 THEN printf('%08x', NEW.`first_response_ms`)
    WHEN NEW.`first_response_ms` * 4096 = CAST(NEW.`first_response_ms` * 4096 AS INTEGER) AND abs(NEW.`first_response_ms` * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST(NEW.`first_response_ms` * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof(NEW.`first_response_ms`) = 'integer', printf('%d', NEW.`first_response_ms`), printf('%!.17g', NEW.`first_response_ms`))))
      || hex(iif(typeof(NEW.`first_response_ms`) = 'integer', printf('%d', NEW.`first_response_ms`), printf('%!.17g', NEW.`first_response_ms`))) END END))
  ON CONFLICT (`day`, `operator_id`) DO UPDATE SET
    `messages_sent` = `messages_sent` + 1,
    `first_responses` = CAST(`first_responses` || excluded.`first_responses` AS BLOB);
END;--> statement-breakpoint
CREATE TRIGGER `report_days_closure` AFTER INSERT ON `closures` BEGIN
  INSERT INTO `report_days` (`operator_id`, `day`, `closings`)
  VALUES (coalesce(NEW.`responsible_id`, NEW.`by_operator_id`), NEW.`closed_at` / 86400000,
    unhex(CASE WHEN (NEW.`closed_at` - NEW.`opened_at`) = CAST((NEW.`closed_at` - NEW.`opened_at`) AS INTEGER) AND (NEW.`closed_at` - NEW.`opened_at`) BETWEEN 0 AND 4026531839 THEN printf('%08x', (NEW.`closed_at` - NEW.`opened_at`))
    WHEN (NEW.`closed_at` - NEW.`opened_at`) * 4096 = CAST((NEW.`closed_at` - NEW.`opened_at`) * 4096 AS INTEGER) AND abs((NEW.`closed_at` - NEW.`opened_at`) * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST((NEW.`closed_at` - NEW.`opened_at`) * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof((NEW.`closed_at` - NEW.`opened_at`)) = 'integer', printf('%d', (NEW.`closed_at` - NEW.`opened_at`)), printf('%!.17g', (NEW.`closed_at` - NEW.`opened_at`)))))
      || hex(iif(typeof((NEW.`closed_at` - NEW.`opened_at`)) = 'integer', printf('%d', (NEW.`closed_at` - NEW.`opened_at`)), printf('%!.17g', (NEW.`closed_at` - NEW.`opened_at`)))) END))
  ON CONFLICT (`day`, `operator_id`) DO UPDATE SET `closings` = CAST(`closings` || excluded.`closings` AS BLOB);
END;--> statement-breakpoint
CREATE TRIGGER `report_days_assignment` AFTER INSERT ON `assignments` WHEN NEW.`to_operator_id` IS NOT NULL BEGIN
  INSERT INTO `report_days` (`operator_id`, `day`, `assigned_chats`, `reassigned_in`)
  VALUES (NEW.`to_operator_id`, NEW.`at` / 86400000, unhex(CASE WHEN NEW.`chat_id` = CAST(NEW.`chat_id` AS INTEGER) AND NEW.`chat_id` BETWEEN 0 AND 4026531839 THEN printf('%08x', NEW.`chat_id`)
    WHEN NEW.`chat_id` * 4096 = CAST(NEW.`chat_id` * 4096 AS INTEGER) AND abs(NEW.`chat_id` * 4096) < 140737488355328
      THEN 'f0' || printf('%012x', CAST(NEW.`chat_id` * 4096 AS INTEGER) & 281474976710655)
    ELSE 'f1' || printf('%02x', length(iif(typeof(NEW.`chat_id`) = 'integer', printf('%d', NEW.`chat_id`), printf('%!.17g', NEW.`chat_id`))))
      || hex(iif(typeof(NEW.`chat_id`) = 'integer', printf('%d', NEW.`chat_id`), printf('%!.17g', NEW.`chat_id`))) END), NEW.`from_operator_id` IS NOT NULL AND NEW.`from_operator_id` != NEW.`to_operator_id`)
  ON CONFLICT (`day`, `operator_id`) DO UPDATE SET
    `assigned_chats` = CAST(`assigned_chats` || excluded.`assigned_chats` AS BLOB),
    `reassigned_in` = `reassigned_in` + excluded.`reassigned_in`;
  INSERT INTO `report_days` (`operator_id`, `day`, `reassigned_out`)
  SELECT NEW.`from_operator_id`, NEW.`at` / 86400000, 1 WHERE NEW.`from_operator_id` IS NOT NULL AND NEW.`from_operator_id` != NEW.`to_operator_id`
  ON CONFLICT (`day`, `operator_id`) DO UPDATE SET `reassigned_out` = `reassigned_out` + 1;
END;
