CREATE TABLE `report_days` (
	`operator_id` integer NOT NULL,
	`day` integer NOT NULL,
	`messages_sent` integer DEFAULT 0 NOT NULL,
	`first_responses` text DEFAULT '[]' NOT NULL,
	`closings` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`day`, `operator_id`)
);
