CREATE TABLE `chat_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`author_operator_id` integer,
	`author_name` text,
	`text` text NOT NULL,
	`source_chat_id` integer,
	`source_message_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `chat_notes_chat` ON `chat_notes` (`chat_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `chat_notes_source` ON `chat_notes` (`source_chat_id`,`source_message_id`);