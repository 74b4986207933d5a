ALTER TABLE `outbox` ADD `urgent` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `card_first` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_chat_backlog` ON `outbox` (`chat_id`,`destination_chat_id`,`kind`) WHERE "outbox"."status" = 'pending' AND "outbox"."kind" IN ('copy', 'fold');