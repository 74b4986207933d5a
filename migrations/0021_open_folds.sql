CREATE TABLE `open_folds` (
	`chat_id` integer NOT NULL,
	`operator_id` integer NOT NULL,
	`outbox_id` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `operator_id`),
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- The counts of the notices still open move out of their payloads (the newest per chat and operator is the one
-- later messages joined; an older one keeps the count in its payload).
INSERT INTO `open_folds` (`chat_id`, `operator_id`, `outbox_id`, `count`)
SELECT `chat_id`, `destination_chat_id`, max(`id`), json_extract(`payload`, '$.count') FROM `outbox`
WHERE `status` = 'pending' AND `kind` = 'fold' AND `kind` IN ('copy', 'fold') AND `chat_id` IS NOT NULL
  AND json_extract(`payload`, '$.sealed') IS NULL
GROUP BY `chat_id`, `destination_chat_id`;
