PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`from_operator_id` integer,
	`to_operator_id` integer,
	`by_operator_id` integer,
	`how` text NOT NULL,
	`group_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_assignments`("id", "chat_id", "from_operator_id", "to_operator_id", "by_operator_id", "how", "group_id", "at") SELECT "id", "chat_id", "from_operator_id", "to_operator_id", "by_operator_id", "how", "group_id", "at" FROM `assignments`;--> statement-breakpoint
DROP TABLE `assignments`;--> statement-breakpoint
ALTER TABLE `__new_assignments` RENAME TO `assignments`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `assignments_chat` ON `assignments` (`chat_id`,`at`);--> statement-breakpoint
CREATE INDEX `assignments_at` ON `assignments` (`at`);--> statement-breakpoint
CREATE TABLE `__new_chats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`telegram_chat_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`username` text,
	`language_code` text,
	`start_source` text,
	`status` text DEFAULT 'open' NOT NULL,
	`responsible_id` integer,
	`responsible_enabled` integer DEFAULT true NOT NULL,
	`queued_group_id` integer,
	`client_blocked` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`last_activity_at` integer NOT NULL,
	`awaiting_reply_since` integer,
	`opened_at` integer,
	`watchdog_stage` integer DEFAULT 0 NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`responsible_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`queued_group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_chats`("id", "telegram_chat_id", "kind", "title", "username", "language_code", "start_source", "status", "responsible_id", "responsible_enabled", "queued_group_id", "client_blocked", "version", "created_at", "last_activity_at", "awaiting_reply_since", "opened_at", "watchdog_stage", "closed_at") SELECT "id", "telegram_chat_id", "kind", "title", "username", "language_code", "start_source", "status", "responsible_id", "responsible_enabled", "queued_group_id", "client_blocked", "version", "created_at", "last_activity_at", "awaiting_reply_since", "opened_at", "watchdog_stage", "closed_at" FROM `chats`;--> statement-breakpoint
DROP TABLE `chats`;--> statement-breakpoint
ALTER TABLE `__new_chats` RENAME TO `chats`;--> statement-breakpoint
CREATE UNIQUE INDEX `chats_telegram_chat_id_unique` ON `chats` (`telegram_chat_id`);--> statement-breakpoint
CREATE INDEX `chats_last_activity` ON `chats` (`last_activity_at`);--> statement-breakpoint
CREATE INDEX `chats_awaiting` ON `chats` (`status`,`awaiting_reply_since`);--> statement-breakpoint
CREATE INDEX `chats_responsible` ON `chats` (`responsible_id`);--> statement-breakpoint
CREATE INDEX `chats_queue` ON `chats` (`queued_group_id`) WHERE "chats"."queued_group_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `__new_closures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`by_operator_id` integer NOT NULL,
	`responsible_id` integer,
	`opened_at` integer NOT NULL,
	`closed_at` integer NOT NULL,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_closures`("id", "chat_id", "by_operator_id", "responsible_id", "opened_at", "closed_at") SELECT "id", "chat_id", "by_operator_id", "responsible_id", "opened_at", "closed_at" FROM `closures`;--> statement-breakpoint
DROP TABLE `closures`;--> statement-breakpoint
ALTER TABLE `__new_closures` RENAME TO `closures`;--> statement-breakpoint
CREATE INDEX `closures_closed` ON `closures` (`closed_at`);--> statement-breakpoint
CREATE TABLE `__new_group_members` (
	`group_id` integer NOT NULL,
	`operator_id` integer NOT NULL,
	PRIMARY KEY(`group_id`, `operator_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_group_members`("group_id", "operator_id") SELECT "group_id", "operator_id" FROM `group_members`;--> statement-breakpoint
DROP TABLE `group_members`;--> statement-breakpoint
ALTER TABLE `__new_group_members` RENAME TO `group_members`;--> statement-breakpoint
CREATE TABLE `__new_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`algorithm` text NOT NULL,
	`last_picked_operator_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`last_picked_operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_groups`("id", "name", "algorithm", "last_picked_operator_id", "created_at") SELECT "id", "name", "algorithm", "last_picked_operator_id", "created_at" FROM `groups`;--> statement-breakpoint
DROP TABLE `groups`;--> statement-breakpoint
ALTER TABLE `__new_groups` RENAME TO `groups`;--> statement-breakpoint
CREATE UNIQUE INDEX `groups_name_unique` ON `groups` (`name`);--> statement-breakpoint
CREATE TABLE `__new_held_replies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operator_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`source_message_id` integer,
	`parts` text NOT NULL,
	`reply_to_message_id` integer,
	`media_group_id` text,
	`prompt_message_id` integer,
	`resolution` text,
	`resolved_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reply_to_message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_held_replies`("id", "operator_id", "chat_id", "source_message_id", "parts", "reply_to_message_id", "media_group_id", "prompt_message_id", "resolution", "resolved_at", "created_at") SELECT "id", "operator_id", "chat_id", "source_message_id", "parts", "reply_to_message_id", "media_group_id", "prompt_message_id", "resolution", "resolved_at", "created_at" FROM `held_replies`;--> statement-breakpoint
DROP TABLE `held_replies`;--> statement-breakpoint
ALTER TABLE `__new_held_replies` RENAME TO `held_replies`;--> statement-breakpoint
CREATE UNIQUE INDEX `held_replies_source` ON `held_replies` (`operator_id`,`source_message_id`);--> statement-breakpoint
CREATE TABLE `__new_invites` (
	`code` text PRIMARY KEY NOT NULL,
	`created_by` integer NOT NULL,
	`request_message_id` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_by` integer,
	`used_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_invites`("code", "created_by", "request_message_id", "created_at", "expires_at", "used_by", "used_at") SELECT "code", "created_by", "request_message_id", "created_at", "expires_at", "used_by", "used_at" FROM `invites`;--> statement-breakpoint
DROP TABLE `invites`;--> statement-breakpoint
ALTER TABLE `__new_invites` RENAME TO `invites`;--> statement-breakpoint
CREATE UNIQUE INDEX `invites_request` ON `invites` (`created_by`,`request_message_id`);--> statement-breakpoint
CREATE TABLE `__new_locations` (
	`telegram_chat_id` integer NOT NULL,
	`telegram_message_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`message_id` integer,
	`kind` text NOT NULL,
	PRIMARY KEY(`telegram_chat_id`, `telegram_message_id`),
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_locations`("telegram_chat_id", "telegram_message_id", "chat_id", "message_id", "kind") SELECT "telegram_chat_id", "telegram_message_id", "chat_id", "message_id", "kind" FROM `locations`;--> statement-breakpoint
DROP TABLE `locations`;--> statement-breakpoint
ALTER TABLE `__new_locations` RENAME TO `locations`;--> statement-breakpoint
CREATE INDEX `locations_message` ON `locations` (`message_id`,`telegram_chat_id`);--> statement-breakpoint
CREATE INDEX `locations_cards` ON `locations` (`chat_id`,`telegram_chat_id`) WHERE "locations"."kind" = 'card';--> statement-breakpoint
CREATE TABLE `__new_messages` (
	`id` integer PRIMARY KEY NOT NULL,
	`chat_id` integer NOT NULL,
	`direction` text NOT NULL,
	`author_operator_id` integer,
	`sender_user_id` integer,
	`sender_name` text NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`media_group_id` text,
	`source_chat_id` integer NOT NULL,
	`source_message_id` integer NOT NULL,
	`reply_to_message_id` integer,
	`first_response_ms` integer,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	`signed_as` text,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reply_to_message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_messages`("id", "chat_id", "direction", "author_operator_id", "sender_user_id", "sender_name", "kind", "text", "media_group_id", "source_chat_id", "source_message_id", "reply_to_message_id", "first_response_ms", "created_at", "edited_at", "signed_as") SELECT "id", "chat_id", "direction", "author_operator_id", "sender_user_id", "sender_name", "kind", "text", "media_group_id", "source_chat_id", "source_message_id", "reply_to_message_id", "first_response_ms", "created_at", "edited_at", "signed_as" FROM `messages`;--> statement-breakpoint
DROP TABLE `messages`;--> statement-breakpoint
ALTER TABLE `__new_messages` RENAME TO `messages`;--> statement-breakpoint
CREATE INDEX `messages_author_created` ON `messages` (`author_operator_id`,`created_at`) WHERE "messages"."author_operator_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_source` ON `messages` (`source_chat_id`,`source_message_id`);--> statement-breakpoint
CREATE INDEX `messages_chat_created` ON `messages` (`chat_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `__new_operator_feeds` (
	`operator_id` integer PRIMARY KEY NOT NULL,
	`last_chat_id` integer NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`last_chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_operator_feeds`("operator_id", "last_chat_id") SELECT "operator_id", "last_chat_id" FROM `operator_feeds`;--> statement-breakpoint
DROP TABLE `operator_feeds`;--> statement-breakpoint
ALTER TABLE `__new_operator_feeds` RENAME TO `operator_feeds`;