-- Full-text search (/find, GET /api/search). drizzle does not model virtual tables or triggers, hence a custom migration.
-- External-content FTS5 tables: the index only, the words stay in messages and chats (no second copy of every text).
-- detail=none keeps no positions: the search asks only for whole words and a prefix, never phrases or NEAR, and
-- positions would roughly double the index. The triggers keep the index in step inside the same transaction that
-- stores or edits a message, so a stored message is findable at once and a rolled-back one never is.
CREATE VIRTUAL TABLE `messages_fts` USING fts5(`text`, content='messages', content_rowid='id', detail=none, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE `chats_fts` USING fts5(`title`, `username`, content='chats', content_rowid='id', detail=none, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
-- An external-content index must be told the exact old words to forget, so only rows with text ever enter it.
CREATE TRIGGER `messages_fts_insert` AFTER INSERT ON `messages` WHEN new.`text` IS NOT NULL BEGIN
  INSERT INTO `messages_fts`(rowid, `text`) VALUES (new.`id`, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_delete` AFTER DELETE ON `messages` WHEN old.`text` IS NOT NULL BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `text`) VALUES ('delete', old.`id`, old.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_update` AFTER UPDATE OF `text` ON `messages` WHEN old.`text` IS NOT new.`text` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `text`) SELECT 'delete', old.`id`, old.`text` WHERE old.`text` IS NOT NULL;
  INSERT INTO `messages_fts`(rowid, `text`) SELECT new.`id`, new.`text` WHERE new.`text` IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `chats_fts_insert` AFTER INSERT ON `chats` BEGIN
  INSERT INTO `chats_fts`(rowid, `title`, `username`) VALUES (new.`id`, new.`title`, new.`username`);
END;
--> statement-breakpoint
CREATE TRIGGER `chats_fts_delete` AFTER DELETE ON `chats` BEGIN
  INSERT INTO `chats_fts`(`chats_fts`, rowid, `title`, `username`) VALUES ('delete', old.`id`, old.`title`, old.`username`);
END;
--> statement-breakpoint
-- Every client message rewrites the chat's title and username with the same values: only a real change reindexes.
CREATE TRIGGER `chats_fts_update` AFTER UPDATE OF `title`, `username` ON `chats`
WHEN old.`title` IS NOT new.`title` OR old.`username` IS NOT new.`username` BEGIN
  INSERT INTO `chats_fts`(`chats_fts`, rowid, `title`, `username`) VALUES ('delete', old.`id`, old.`title`, old.`username`);
  INSERT INTO `chats_fts`(rowid, `title`, `username`) VALUES (new.`id`, new.`title`, new.`username`);
END;
--> statement-breakpoint
INSERT INTO `messages_fts`(rowid, `text`) SELECT `id`, `text` FROM `messages` WHERE `text` IS NOT NULL;
--> statement-breakpoint
INSERT INTO `chats_fts`(rowid, `title`, `username`) SELECT `id`, `title`, `username` FROM `chats`;
