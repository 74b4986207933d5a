-- The report roll-up is kept by triggers, so every insert updates it in its own transaction, whoever writes.
CREATE TRIGGER `report_days_message` AFTER INSERT ON `messages` WHEN NEW.`author_operator_id` IS NOT NULL BEGIN
  INSERT INTO `report_days` (`operator_id`, `day`, `messages_sent`, `first_responses`)
  VALUES (NEW.`author_operator_id`, NEW.`created_at` / 86400000, 1,
    CASE WHEN NEW.`first_response_ms` IS NULL THEN '[]' ELSE json_array(NEW.`first_response_ms`) END)
  ON CONFLICT (`day`, `operator_id`) DO UPDATE SET
    `messages_sent` = `messages_sent` + 1,
    `first_responses` = CASE WHEN NEW.`first_response_ms` IS NULL THEN `first_responses`
      ELSE json_insert(`first_responses`, '$[#]', NEW.`first_response_ms`) END;
END;--> statement-breakpoint
CREATE TRIGGER `report_days_closure` AFTER INSERT ON `closures` BEGIN
  INSERT INTO `report_days` (`operator_id`, `day`, `closings`)
  VALUES (coalesce(NEW.`responsible_id`, NEW.`by_operator_id`), NEW.`closed_at` / 86400000, json_array(NEW.`closed_at` - NEW.`opened_at`))
  ON CONFLICT (`day`, `operator_id`) DO UPDATE SET `closings` = json_insert(`closings`, '$[#]', NEW.`closed_at` - NEW.`opened_at`);
END;--> statement-breakpoint
INSERT INTO `report_days` (`operator_id`, `day`, `messages_sent`, `first_responses`)
  SELECT `author_operator_id`, `created_at` / 86400000, count(*),
    coalesce(json_group_array(`first_response_ms`) FILTER (WHERE `first_response_ms` IS NOT NULL), '[]')
  FROM `messages` WHERE `author_operator_id` IS NOT NULL
  GROUP BY `author_operator_id`, `created_at` / 86400000;--> statement-breakpoint
INSERT INTO `report_days` (`operator_id`, `day`, `closings`)
  SELECT coalesce(`responsible_id`, `by_operator_id`), `closed_at` / 86400000, json_group_array(`closed_at` - `opened_at`)
  FROM `closures` WHERE true
  GROUP BY coalesce(`responsible_id`, `by_operator_id`), `closed_at` / 86400000
  ON CONFLICT (`day`, `operator_id`) DO UPDATE SET `closings` = excluded.`closings`;
