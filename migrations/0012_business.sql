CREATE TABLE `business_chats` (
	`address` integer PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`client_chat_id` integer NOT NULL,
	`last_client_message_at` integer,
	`last_client_message_id` integer,
	FOREIGN KEY (`account_id`) REFERENCES `business_connections`(`account_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `business_chats_client` ON `business_chats` (`account_id`,`client_chat_id`);--> statement-breakpoint
CREATE TABLE `business_connections` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`connection_id` text NOT NULL,
	`name` text NOT NULL,
	`username` text,
	`user_chat_id` integer NOT NULL,
	`can_reply` integer NOT NULL,
	`can_read` integer NOT NULL,
	`enabled` integer NOT NULL,
	`accepted` integer NOT NULL,
	`connected_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `business_connections_connection_id_unique` ON `business_connections` (`connection_id`);--> statement-breakpoint
ALTER TABLE `chats` ADD `business_account_id` integer REFERENCES business_connections(account_id);