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
CREATE UNIQUE INDEX `chat_notes_source` ON `chat_notes` (`source_chat_id`,`source_message_id`);--> statement-breakpoint
CREATE TABLE `chat_tags` (
	`chat_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	`added_by` integer,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `tag_id`),
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `chat_tags_tag` ON `chat_tags` (`tag_id`,`chat_id`);--> statement-breakpoint
CREATE TABLE `tags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_name_unique` ON `tags` (`name`);