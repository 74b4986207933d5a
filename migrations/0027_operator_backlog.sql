CREATE TABLE `backlog_messages` (
	`message_id` integer PRIMARY KEY NOT NULL,
	`chat_id` integer NOT NULL,
	`held_from` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `operator_backlogs` (
	`operator_id` integer PRIMARY KEY NOT NULL,
	`pending` integer DEFAULT 0 NOT NULL,
	`fold_outbox_id` integer,
	`fold_since_message_id` integer
);
--> statement-breakpoint
INSERT INTO `operator_backlogs` (`operator_id`, `pending`)
  SELECT `destination_chat_id`, count(*) FROM `outbox`
  WHERE `status` = 'pending' AND `urgent` = 0 AND `destination` = 'operator' GROUP BY `destination_chat_id`;
--> statement-breakpoint
CREATE TRIGGER `operator_backlog_queued` AFTER INSERT ON `outbox`
WHEN NEW.`status` = 'pending' AND NEW.`urgent` = 0 AND NEW.`destination` = 'operator' BEGIN
  INSERT INTO `operator_backlogs` (`operator_id`, `pending`) VALUES (NEW.`destination_chat_id`, 1)
    ON CONFLICT (`operator_id`) DO UPDATE SET `pending` = `pending` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `operator_backlog_done` AFTER UPDATE OF `status` ON `outbox`
WHEN OLD.`status` = 'pending' AND NEW.`status` <> 'pending' AND OLD.`urgent` = 0 AND OLD.`destination` = 'operator' BEGIN
  UPDATE `operator_backlogs` SET `pending` = `pending` - 1,
    `fold_outbox_id` = CASE WHEN `fold_outbox_id` = OLD.`id` THEN NULL ELSE `fold_outbox_id` END
  WHERE `operator_id` = OLD.`destination_chat_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `operator_backlog_deleted` AFTER DELETE ON `outbox`
WHEN OLD.`status` = 'pending' AND OLD.`urgent` = 0 AND OLD.`destination` = 'operator' BEGIN
  UPDATE `operator_backlogs` SET `pending` = `pending` - 1,
    `fold_outbox_id` = CASE WHEN `fold_outbox_id` = OLD.`id` THEN NULL ELSE `fold_outbox_id` END
  WHERE `operator_id` = OLD.`destination_chat_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `operator_backlog_requeued` AFTER UPDATE OF `status` ON `outbox`
WHEN OLD.`status` <> 'pending' AND NEW.`status` = 'pending' AND NEW.`urgent` = 0 AND NEW.`destination` = 'operator' BEGIN
  INSERT INTO `operator_backlogs` (`operator_id`, `pending`) VALUES (NEW.`destination_chat_id`, 1)
    ON CONFLICT (`operator_id`) DO UPDATE SET `pending` = `pending` + 1;
END;
