ALTER TABLE `chats` ADD `watchdog_stage` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `chats_awaiting` ON `chats` (`status`,`awaiting_reply_since`);