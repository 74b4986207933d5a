DROP INDEX `assignments_at`;--> statement-breakpoint
CREATE INDEX `assignments_at` ON `assignments` (`at`,`to_operator_id`,`from_operator_id`,`chat_id`);--> statement-breakpoint
DROP INDEX `closures_closed`;--> statement-breakpoint
CREATE INDEX `closures_closed` ON `closures` (`closed_at`,`responsible_id`,`by_operator_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `messages_report` ON `messages` (`created_at`,`author_operator_id`,`first_response_ms`) WHERE "messages"."author_operator_id" IS NOT NULL;