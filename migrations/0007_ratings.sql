CREATE TABLE `ratings` (
	`closure_id` integer PRIMARY KEY NOT NULL,
	`chat_id` integer NOT NULL,
	`operator_id` integer NOT NULL,
	`asked_at` integer NOT NULL,
	`score` integer,
	`rated_at` integer,
	`comment_requested_at` integer,
	`comment` text,
	`comment_message_id` integer,
	FOREIGN KEY (`closure_id`) REFERENCES `closures`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`comment_message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ratings_rated` ON `ratings` (`rated_at`);--> statement-breakpoint
CREATE INDEX `ratings_chat` ON `ratings` (`chat_id`);