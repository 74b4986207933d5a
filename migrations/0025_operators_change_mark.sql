CREATE TABLE `change_marks` (
	`source` text PRIMARY KEY NOT NULL,
	`mark` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `change_marks` (`source`, `mark`) VALUES ('operators', random());
--> statement-breakpoint
CREATE TRIGGER `operators_mark_insert` AFTER INSERT ON `operators` BEGIN
  UPDATE `change_marks` SET `mark` = random() WHERE `source` = 'operators';
END;
--> statement-breakpoint
CREATE TRIGGER `operators_mark_update` AFTER UPDATE ON `operators` BEGIN
  UPDATE `change_marks` SET `mark` = random() WHERE `source` = 'operators';
END;
--> statement-breakpoint
CREATE TRIGGER `operators_mark_delete` AFTER DELETE ON `operators` BEGIN
  UPDATE `change_marks` SET `mark` = random() WHERE `source` = 'operators';
END;
