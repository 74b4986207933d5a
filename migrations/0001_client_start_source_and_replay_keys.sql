ALTER TABLE `chats` ADD `start_source` text;--> statement-breakpoint
ALTER TABLE `held_replies` ADD `source_message_id` integer;--> statement-breakpoint
ALTER TABLE `held_replies` ADD `prompt_message_id` integer;--> statement-breakpoint
ALTER TABLE `held_replies` ADD `resolution` text;--> statement-breakpoint
ALTER TABLE `held_replies` ADD `resolved_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `held_replies_source` ON `held_replies` (`operator_id`,`source_message_id`);--> statement-breakpoint
ALTER TABLE `invites` ADD `request_message_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `invites_request` ON `invites` (`created_by`,`request_message_id`);--> statement-breakpoint
ALTER TABLE `messages` ADD `signed_as` text;