-- Issue 12, search ahead of the in-memory peer: an application's search entry is keyed by when it
-- was last changed, so FTS5 itself answers "newest first" and a search stops at one page.
--  * app_search_rows.rowid (= app_search's rowid) is now the entry's order key: the whole seconds of
--    updated_at since 2020-01-01 UTC × 2^20, plus a sequence number among entries of the same
--    second (updated_at is always an ISO string from toISOString(), so its string order, the list's
--    order, is its time order). Below 2^53 until 2292, so JavaScript reads it exactly. `app` is the
--    application's rowid (the key the triggers use).
--  * app_search keeps token positions (detail=full): a substring is the phrase of its bigrams, which
--    FTS5 matches exactly (search-sql.ts says when), so a count needs no row reads.
-- The triggers are those of 0009/0012 (local writes; a pulled page is indexed set-based by
-- search-index.ts), with the order key kept: a change of updated_at moves the entry.
DROP TRIGGER `applications_app_search_insert`;
--> statement-breakpoint
DROP TRIGGER `applications_app_search_touch`;
--> statement-breakpoint
DROP TRIGGER `applications_app_search_update`;
--> statement-breakpoint
DROP TRIGGER `applications_app_search_delete`;
--> statement-breakpoint
DROP TRIGGER `customers_app_search_update`;
--> statement-breakpoint
DROP TRIGGER `customers_app_search_insert`;
--> statement-breakpoint
DROP TABLE `app_search`;
--> statement-breakpoint
DROP INDEX `app_search_rows_order`;
--> statement-breakpoint
ALTER TABLE `app_search_rows` RENAME TO `app_search_rows_0009`;
--> statement-breakpoint
CREATE TABLE `app_search_rows` (`rowid` INTEGER PRIMARY KEY, `app` INTEGER NOT NULL, `id` text NOT NULL, `updated_at` text NOT NULL, `name` text NOT NULL, `rep` text NOT NULL, `phone` text NOT NULL, `svc` text NOT NULL, `bn` text NOT NULL);
--> statement-breakpoint
INSERT INTO `app_search_rows`(`rowid`, `app`, `id`, `updated_at`, `name`, `rep`, `phone`, `svc`, `bn`)
  SELECT `base` + row_number() OVER (PARTITION BY `base` ORDER BY `id`) - 1, `rowid`, `id`, `updated_at`, `name`, `rep`, `phone`, `svc`, `bn`
  FROM (SELECT (max(0, coalesce(unixepoch(`updated_at`) - 1577836800, 0)) * 1048576) AS `base`, `rowid`, `id`, `updated_at`, `name`, `rep`, `phone`, `svc`, `bn` FROM `app_search_rows_0009`);
--> statement-breakpoint
DROP TABLE `app_search_rows_0009`;
--> statement-breakpoint
CREATE UNIQUE INDEX `app_search_rows_app` ON `app_search_rows` (`app`);
--> statement-breakpoint
CREATE INDEX `app_search_rows_order` ON `app_search_rows` (`updated_at` DESC, `id` DESC);
--> statement-breakpoint
CREATE VIRTUAL TABLE `app_search` USING fts5(`name`, `rep`, `phone`, `svc`, `bn`, content = '', contentless_delete = 1, detail = full, tokenize = 'unicode61 remove_diacritics 0');
--> statement-breakpoint
INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
  SELECT r.`rowid`, search_bigrams(r.`name`), search_bigrams(r.`rep`), search_bigrams(r.`phone`), search_bigrams(r.`svc`), r.`bn` FROM `app_search_rows` r;
--> statement-breakpoint
CREATE TRIGGER `applications_app_search_insert` AFTER INSERT ON `applications` WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 BEGIN
  INSERT INTO `app_search_rows`(`rowid`, `app`, `id`, `updated_at`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT coalesce((SELECT max(`rowid`) + 1 FROM `app_search_rows` WHERE `rowid` >= b.`base` AND `rowid` < b.`base` + 1048576), b.`base`),
      new.`rowid`, new.`id`, new.`updated_at`, coalesce(c.`name_key`, ''), coalesce(replace(c.`representative`, ' ', ''), ''), coalesce(replace(replace(c.`phone`, '-', ''), ' ', ''), ''), coalesce(new.`service_number`, ''), coalesce(c.`business_number`, '')
    FROM (SELECT (max(0, coalesce(unixepoch(new.`updated_at`) - 1577836800, 0)) * 1048576) AS `base`) b LEFT JOIN `customers` c ON c.`id` = new.`customer_id`;
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT `rowid`, search_bigrams(`name`), search_bigrams(`rep`), search_bigrams(`phone`), search_bigrams(`svc`), `bn` FROM `app_search_rows` WHERE `app` = new.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_app_search_update` AFTER UPDATE OF `customer_id`, `service_number`, `updated_at`, `id` ON `applications`
  WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 AND (old.`rowid` != new.`rowid` OR old.`customer_id` IS NOT new.`customer_id` OR old.`service_number` IS NOT new.`service_number` OR old.`updated_at` IS NOT new.`updated_at` OR old.`id` IS NOT new.`id`) BEGIN
  DELETE FROM `app_search` WHERE `rowid` = (SELECT `rowid` FROM `app_search_rows` WHERE `app` = old.`rowid`);
  DELETE FROM `app_search_rows` WHERE `app` = old.`rowid`;
  INSERT INTO `app_search_rows`(`rowid`, `app`, `id`, `updated_at`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT coalesce((SELECT max(`rowid`) + 1 FROM `app_search_rows` WHERE `rowid` >= b.`base` AND `rowid` < b.`base` + 1048576), b.`base`),
      new.`rowid`, new.`id`, new.`updated_at`, coalesce(c.`name_key`, ''), coalesce(replace(c.`representative`, ' ', ''), ''), coalesce(replace(replace(c.`phone`, '-', ''), ' ', ''), ''), coalesce(new.`service_number`, ''), coalesce(c.`business_number`, '')
    FROM (SELECT (max(0, coalesce(unixepoch(new.`updated_at`) - 1577836800, 0)) * 1048576) AS `base`) b LEFT JOIN `customers` c ON c.`id` = new.`customer_id`;
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT `rowid`, search_bigrams(`name`), search_bigrams(`rep`), search_bigrams(`phone`), search_bigrams(`svc`), `bn` FROM `app_search_rows` WHERE `app` = new.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_app_search_delete` AFTER DELETE ON `applications` BEGIN
  DELETE FROM `app_search` WHERE `rowid` = (SELECT `rowid` FROM `app_search_rows` WHERE `app` = old.`rowid`);
  DELETE FROM `app_search_rows` WHERE `app` = old.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_app_search_update` AFTER UPDATE OF `name_key`, `representative`, `phone`, `business_number`, `id` ON `customers`
  WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 AND (old.`name_key` IS NOT new.`name_key` OR old.`business_number` IS NOT new.`business_number` OR old.`representative` IS NOT new.`representative` OR old.`phone` IS NOT new.`phone` OR old.`id` IS NOT new.`id`) BEGIN
  DELETE FROM `app_search` WHERE `rowid` IN (SELECT r.`rowid` FROM `applications` a JOIN `app_search_rows` r ON r.`app` = a.`rowid` WHERE a.`customer_id` IN (old.`id`, new.`id`));
  UPDATE `app_search_rows` SET `name` = coalesce(c.`name_key`, ''), `rep` = coalesce(replace(c.`representative`, ' ', ''), ''), `phone` = coalesce(replace(replace(c.`phone`, '-', ''), ' ', ''), ''), `bn` = coalesce(c.`business_number`, '')
    FROM `applications` a LEFT JOIN `customers` c ON c.`id` = a.`customer_id`
    WHERE a.`rowid` = `app_search_rows`.`app` AND a.`customer_id` IN (old.`id`, new.`id`);
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT r.`rowid`, search_bigrams(r.`name`), search_bigrams(r.`rep`), search_bigrams(r.`phone`), search_bigrams(r.`svc`), r.`bn`
    FROM `app_search_rows` r JOIN `applications` a ON a.`rowid` = r.`app` WHERE a.`customer_id` IN (old.`id`, new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_app_search_insert` AFTER INSERT ON `customers`
  WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 AND EXISTS (SELECT 1 FROM `applications` WHERE `customer_id` = new.`id`) BEGIN
  DELETE FROM `app_search` WHERE `rowid` IN (SELECT r.`rowid` FROM `applications` a JOIN `app_search_rows` r ON r.`app` = a.`rowid` WHERE a.`customer_id` = new.`id`);
  UPDATE `app_search_rows` SET `name` = new.`name_key`, `rep` = coalesce(replace(new.`representative`, ' ', ''), ''), `phone` = coalesce(replace(replace(new.`phone`, '-', ''), ' ', ''), ''), `bn` = new.`business_number`
    WHERE `app` IN (SELECT `rowid` FROM `applications` WHERE `customer_id` = new.`id`);
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT r.`rowid`, search_bigrams(r.`name`), search_bigrams(r.`rep`), search_bigrams(r.`phone`), search_bigrams(r.`svc`), r.`bn`
    FROM `app_search_rows` r JOIN `applications` a ON a.`rowid` = r.`app` WHERE a.`customer_id` = new.`id`;
END;
