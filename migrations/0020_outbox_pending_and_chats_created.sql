CREATE INDEX `chats_created` ON `chats` (`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`id`) WHERE "outbox"."status" = 'pending';