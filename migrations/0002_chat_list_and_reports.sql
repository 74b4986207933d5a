CREATE TABLE `closures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`by_operator_id` integer NOT NULL,
	`responsible_id` integer,
	`opened_at` integer NOT NULL,
	`closed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `closures_closed` ON `closures` (`closed_at`);--> statement-breakpoint
ALTER TABLE `chats` ADD `opened_at` integer;--> statement-breakpoint
CREATE INDEX `chats_status_activity` ON `chats` (`status`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `chats_responsible_activity` ON `chats` (`responsible_id`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `chats_queue_activity` ON `chats` (`queued_group_id`,`last_activity_at`);--> statement-breakpoint
ALTER TABLE `messages` ADD `first_response_ms` integer;--> statement-breakpoint
CREATE INDEX `messages_author_created` ON `messages` (`author_operator_id`,`created_at`);--> statement-breakpoint
UPDATE `chats` SET `opened_at` = `created_at` WHERE `opened_at` IS NULL;
