ALTER TABLE `outbox` ADD `destination` text DEFAULT 'operator' NOT NULL;--> statement-breakpoint
-- Rows queued before the upgrade: replies and their edits went to clients (their ids are clients' chats).
UPDATE `outbox` SET `destination` = 'client' WHERE `kind` IN ('copy', 'edit') AND `destination_chat_id` IN (SELECT `telegram_chat_id` FROM `chats`) AND `destination_chat_id` NOT IN (SELECT `id` FROM `operators`);
