-- Issue 12: search at field scale (common company-name substring at 100k applications p95 ≤ 5 ms).
-- customer_search finds customers; a common term then paid for ~1,000 random reads of wide customer
-- and application rows to confirm, join and order each match. Per application (rowid =
-- applications.rowid) application_search indexes the bigrams of its customer's name_key
-- (contentless: the index only), and application_search_rows keeps the few narrow values the
-- list needs to confirm (instr on key), count and order a match, so a search reads no wide row
-- until its page is known. Both kept in step by triggers; search_grams() is registered by
-- openStore() before migrations run. Neither table is in schema.ts (drizzle cannot express FTS5).
CREATE TABLE `application_search_rows` (`rowid` INTEGER PRIMARY KEY, `id` text NOT NULL, `key` text NOT NULL, `updated_at` text NOT NULL);
--> statement-breakpoint
CREATE VIRTUAL TABLE `application_search` USING fts5(`grams`, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
--> statement-breakpoint
INSERT INTO `application_search_rows`(`rowid`, `id`, `key`, `updated_at`)
  SELECT a.`rowid`, a.`id`, coalesce(c.`name_key`, ''), a.`updated_at` FROM `applications` a LEFT JOIN `customers` c ON c.`id` = a.`customer_id`;
--> statement-breakpoint
INSERT INTO `application_search`(`rowid`, `grams`) SELECT `rowid`, search_grams(`key`) FROM `application_search_rows`;
--> statement-breakpoint
CREATE TRIGGER `applications_search_insert` AFTER INSERT ON `applications` BEGIN
  INSERT INTO `application_search_rows`(`rowid`, `id`, `key`, `updated_at`) VALUES (new.`rowid`, new.`id`, coalesce((SELECT `name_key` FROM `customers` WHERE `id` = new.`customer_id`), ''), new.`updated_at`);
  INSERT INTO `application_search`(`rowid`, `grams`) VALUES (new.`rowid`, search_grams(coalesce((SELECT `name_key` FROM `customers` WHERE `id` = new.`customer_id`), '')));
END;
--> statement-breakpoint
CREATE TRIGGER `applications_search_update` AFTER UPDATE OF `updated_at`, `customer_id`, `id` ON `applications` BEGIN
  DELETE FROM `application_search` WHERE `rowid` = old.`rowid`;
  DELETE FROM `application_search_rows` WHERE `rowid` = old.`rowid`;
  INSERT INTO `application_search_rows`(`rowid`, `id`, `key`, `updated_at`) VALUES (new.`rowid`, new.`id`, coalesce((SELECT `name_key` FROM `customers` WHERE `id` = new.`customer_id`), ''), new.`updated_at`);
  INSERT INTO `application_search`(`rowid`, `grams`) VALUES (new.`rowid`, search_grams(coalesce((SELECT `name_key` FROM `customers` WHERE `id` = new.`customer_id`), '')));
END;
--> statement-breakpoint
CREATE TRIGGER `applications_search_delete` AFTER DELETE ON `applications` BEGIN
  DELETE FROM `application_search` WHERE `rowid` = old.`rowid`;
  DELETE FROM `application_search_rows` WHERE `rowid` = old.`rowid`;
END;
--> statement-breakpoint
-- A customer renamed, or one that arrives after its applications (a pulled page applies with
-- foreign keys deferred): its applications are indexed under its name anew.
CREATE TRIGGER `customers_application_search_name` AFTER UPDATE OF `name_key` ON `customers` BEGIN
  DELETE FROM `application_search` WHERE `rowid` IN (SELECT `rowid` FROM `applications` WHERE `customer_id` = new.`id`);
  DELETE FROM `application_search_rows` WHERE `rowid` IN (SELECT `rowid` FROM `applications` WHERE `customer_id` = new.`id`);
  INSERT INTO `application_search_rows`(`rowid`, `id`, `key`, `updated_at`)
    SELECT a.`rowid`, a.`id`, new.`name_key`, a.`updated_at` FROM `applications` a WHERE a.`customer_id` = new.`id`;
  INSERT INTO `application_search`(`rowid`, `grams`)
    SELECT a.`rowid`, search_grams(new.`name_key`) FROM `applications` a WHERE a.`customer_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_application_search_insert` AFTER INSERT ON `customers`
  WHEN EXISTS (SELECT 1 FROM `applications` WHERE `customer_id` = new.`id`) BEGIN
  DELETE FROM `application_search` WHERE `rowid` IN (SELECT `rowid` FROM `applications` WHERE `customer_id` = new.`id`);
  DELETE FROM `application_search_rows` WHERE `rowid` IN (SELECT `rowid` FROM `applications` WHERE `customer_id` = new.`id`);
  INSERT INTO `application_search_rows`(`rowid`, `id`, `key`, `updated_at`)
    SELECT a.`rowid`, a.`id`, new.`name_key`, a.`updated_at` FROM `applications` a WHERE a.`customer_id` = new.`id`;
  INSERT INTO `application_search`(`rowid`, `grams`)
    SELECT a.`rowid`, search_grams(new.`name_key`) FROM `applications` a WHERE a.`customer_id` = new.`id`;
END;
