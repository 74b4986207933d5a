CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`from_operator_id` integer,
	`to_operator_id` integer,
	`by_operator_id` integer,
	`how` text NOT NULL,
	`group_id` integer,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assignments_chat` ON `assignments` (`chat_id`,`at`);--> statement-breakpoint
CREATE INDEX `assignments_at` ON `assignments` (`at`);--> statement-breakpoint
CREATE TABLE `chats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`telegram_chat_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`username` text,
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
	`closed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chats_telegram_chat_id_unique` ON `chats` (`telegram_chat_id`);--> statement-breakpoint
CREATE INDEX `chats_last_activity` ON `chats` (`last_activity_at`);--> statement-breakpoint
CREATE INDEX `chats_awaiting` ON `chats` (`status`,`awaiting_reply_since`);--> statement-breakpoint
CREATE INDEX `chats_responsible` ON `chats` (`responsible_id`);--> statement-breakpoint
CREATE INDEX `chats_queue` ON `chats` (`queued_group_id`) WHERE "chats"."queued_group_id" IS NOT NULL;--> statement-breakpoint
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
CREATE TABLE `failed_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payload` text NOT NULL,
	`error` text NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_id` integer NOT NULL,
	`operator_id` integer NOT NULL,
	PRIMARY KEY(`group_id`, `operator_id`)
);
--> statement-breakpoint
CREATE TABLE `groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`algorithm` text NOT NULL,
	`last_picked_operator_id` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_name_unique` ON `groups` (`name`);--> statement-breakpoint
CREATE TABLE `held_replies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operator_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`parts` text NOT NULL,
	`reply_to_message_id` integer,
	`media_group_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `invites` (
	`code` text PRIMARY KEY NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_by` integer,
	`used_at` integer
);
--> statement-breakpoint
CREATE TABLE `locations` (
	`telegram_chat_id` integer NOT NULL,
	`telegram_message_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`message_id` integer,
	`kind` text NOT NULL,
	PRIMARY KEY(`telegram_chat_id`, `telegram_message_id`)
);
--> statement-breakpoint
CREATE INDEX `locations_message` ON `locations` (`message_id`,`telegram_chat_id`);--> statement-breakpoint
CREATE INDEX `locations_cards` ON `locations` (`chat_id`,`telegram_chat_id`) WHERE "locations"."kind" = 'card';--> statement-breakpoint
CREATE TABLE `messages` (
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
	`edited_at` integer
);
--> statement-breakpoint
CREATE INDEX `messages_author_created` ON `messages` (`author_operator_id`,`created_at`) WHERE "messages"."author_operator_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_source` ON `messages` (`source_chat_id`,`source_message_id`);--> statement-breakpoint
CREATE INDEX `messages_chat_created` ON `messages` (`chat_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `operator_feeds` (
	`operator_id` integer PRIMARY KEY NOT NULL,
	`last_chat_id` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `operators` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`username` text,
	`role` text DEFAULT 'operator' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`availability` text DEFAULT 'away' NOT NULL,
	`last_seen_online_at` integer,
	`notify_channel` text DEFAULT 'sound' NOT NULL,
	`notify_filter` text DEFAULT 'new_and_mine' NOT NULL,
	`unreachable` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`destination_chat_id` integer NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`chat_id` integer,
	`message_id` integer,
	`gather_key` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`not_before`) WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_gather` ON `outbox` (`gather_key`,`destination_chat_id`) WHERE "outbox"."gather_key" IS NOT NULL AND "outbox"."status" = 'pending';--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
