ALTER TABLE `chats` ADD `language_code` text;--> statement-breakpoint
ALTER TABLE `operators` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `operators` ADD `language_code` text;