CREATE TABLE `operator_topics` (
	`operator_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`thread_id` integer NOT NULL,
	`name` text NOT NULL,
	`card_message_id` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`operator_id`, `chat_id`),
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operator_topics_thread` ON `operator_topics` (`operator_id`,`thread_id`);