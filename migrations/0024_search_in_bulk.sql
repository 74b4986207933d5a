CREATE TABLE `search_indexed` (
	`source` text PRIMARY KEY NOT NULL,
	`upto` integer NOT NULL
);
--> statement-breakpoint
-- Everything stored so far is indexed (the insert triggers kept it so until now).
INSERT INTO `search_indexed` (`source`, `upto`) VALUES ('messages', (SELECT coalesce(max(`id`), 0) FROM `messages`)), ('chats', (SELECT coalesce(max(`id`), 0) FROM `chats`));
--> statement-breakpoint
-- New rows are indexed in bulk (src/rules/search-index.ts), no longer one by one as they are stored.
DROP TRIGGER `messages_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `chats_fts_insert`;
--> statement-breakpoint
-- Only an indexed row has words in the index to forget; a newer one is indexed with its latest words when its turn comes.
DROP TRIGGER `messages_fts_update`;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_update` AFTER UPDATE OF `text` ON `messages`
WHEN old.`text` IS NOT new.`text` AND old.`id` <= (SELECT `upto` FROM `search_indexed` WHERE `source` = 'messages') BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `text`) SELECT 'delete', old.`id`, old.`text` WHERE old.`text` IS NOT NULL;
  INSERT INTO `messages_fts`(rowid, `text`) SELECT new.`id`, new.`text` WHERE new.`text` IS NOT NULL;
END;
--> statement-breakpoint
DROP TRIGGER `messages_fts_delete`;
--> statement-breakpoint
-- SQLite gives a new row the largest id left plus one, so once the newest rows are deleted their ids come again:
-- the mark steps back to the largest id left, and a row that comes with a reused id is indexed in its turn.
CREATE TRIGGER `messages_fts_delete` AFTER DELETE ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `text`) SELECT 'delete', old.`id`, old.`text`
  WHERE old.`text` IS NOT NULL AND old.`id` <= (SELECT `upto` FROM `search_indexed` WHERE `source` = 'messages');
  UPDATE `search_indexed` SET `upto` = (SELECT coalesce(max(`id`), 0) FROM `messages`)
  WHERE `source` = 'messages' AND `upto` > (SELECT coalesce(max(`id`), 0) FROM `messages`);
END;
--> statement-breakpoint
DROP TRIGGER `chats_fts_update`;
--> statement-breakpoint
-- Every client message rewrites the chat's title and username with the same values: only a real change reindexes.
CREATE TRIGGER `chats_fts_update` AFTER UPDATE OF `title`, `username` ON `chats`
WHEN (old.`title` IS NOT new.`title` OR old.`username` IS NOT new.`username`)
  AND old.`id` <= (SELECT `upto` FROM `search_indexed` WHERE `source` = 'chats') BEGIN
  INSERT INTO `chats_fts`(`chats_fts`, rowid, `title`, `username`) VALUES ('delete', old.`id`, old.`title`, old.`username`);
  INSERT INTO `chats_fts`(rowid, `title`, `username`) VALUES (new.`id`, new.`title`, new.`username`);
END;
--> statement-breakpoint
DROP TRIGGER `chats_fts_delete`;
--> statement-breakpoint
CREATE TRIGGER `chats_fts_delete` AFTER DELETE ON `chats` BEGIN
  INSERT INTO `chats_fts`(`chats_fts`, rowid, `title`, `username`) SELECT 'delete', old.`id`, old.`title`, old.`username`
  WHERE old.`id` <= (SELECT `upto` FROM `search_indexed` WHERE `source` = 'chats');
  UPDATE `search_indexed` SET `upto` = (SELECT coalesce(max(`id`), 0) FROM `chats`)
  WHERE `source` = 'chats' AND `upto` > (SELECT coalesce(max(`id`), 0) FROM `chats`);
END;
