CREATE TABLE `topic_openings` (
	`operator_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`started_at` integer NOT NULL,
	PRIMARY KEY(`operator_id`, `chat_id`),
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action
);
