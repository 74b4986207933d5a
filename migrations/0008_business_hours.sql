CREATE TABLE `off_hours_answers` (
	`chat_id` integer NOT NULL,
	`period_ends_at` integer NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `period_ends_at`),
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `messages` ADD `first_response_business_ms` integer;