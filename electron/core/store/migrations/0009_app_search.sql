-- Issue 12: one search index for the application list, exact and fast for common substrings of
-- the company name, 대표자, telephone digits and service number, and business-number prefixes (0006 indexed the name only, so a
-- 대표자 or telephone search sorted every application). Per application (rowid =
-- applications.rowid): app_search (FTS5, contentless, detail=column: a posting is a rowid and a
-- column, no positions) holds the bigrams of each field in its own column (the business number whole, for prefix
-- queries), and app_search_rows
-- the narrow values a match is confirmed with (instr), counted and ordered by, so a search reads
-- no wide row until its page is known. Both kept in step by triggers; search_grams() is
-- registered by openStore() before migrations run. Neither table is in schema.ts (drizzle cannot
-- express FTS5).
DROP TRIGGER `applications_search_insert`;
--> statement-breakpoint
DROP TRIGGER `applications_search_update`;
--> statement-breakpoint
DROP TRIGGER `applications_search_delete`;
--> statement-breakpoint
DROP TRIGGER `customers_application_search_name`;
--> statement-breakpoint
DROP TRIGGER `customers_application_search_insert`;
--> statement-breakpoint
DROP TABLE `application_search`;
--> statement-breakpoint
DROP TABLE `application_search_rows`;
--> statement-breakpoint
CREATE TABLE `app_search_rows` (`rowid` INTEGER PRIMARY KEY, `id` text NOT NULL, `updated_at` text NOT NULL, `name` text NOT NULL, `rep` text NOT NULL, `phone` text NOT NULL, `svc` text NOT NULL, `bn` text NOT NULL);
--> statement-breakpoint
CREATE INDEX `app_search_rows_order` ON `app_search_rows` (`updated_at` DESC, `id` DESC);
--> statement-breakpoint
CREATE VIRTUAL TABLE `app_search` USING fts5(`name`, `rep`, `phone`, `svc`, `bn`, content = '', contentless_delete = 1, detail = column, tokenize = 'unicode61 remove_diacritics 0');
--> statement-breakpoint
INSERT INTO `app_search_rows`(`rowid`, `id`, `updated_at`, `name`, `rep`, `phone`, `svc`, `bn`)
  SELECT a.`rowid`, a.`id`, a.`updated_at`, coalesce(c.`name_key`, ''), coalesce(replace(c.`representative`, ' ', ''), ''),
    coalesce(replace(replace(c.`phone`, '-', ''), ' ', ''), ''), coalesce(a.`service_number`, ''), coalesce(c.`business_number`, '')
  FROM `applications` a LEFT JOIN `customers` c ON c.`id` = a.`customer_id`;
--> statement-breakpoint
INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
  SELECT `rowid`, search_grams(`name`), search_grams(`rep`), search_grams(`phone`), search_grams(`svc`), `bn` FROM `app_search_rows`;
--> statement-breakpoint
CREATE TRIGGER `applications_app_search_insert` AFTER INSERT ON `applications` BEGIN
  INSERT INTO `app_search_rows`(`rowid`, `id`, `updated_at`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT new.`rowid`, new.`id`, new.`updated_at`, coalesce(c.`name_key`, ''), coalesce(replace(c.`representative`, ' ', ''), ''),
      coalesce(replace(replace(c.`phone`, '-', ''), ' ', ''), ''), coalesce(new.`service_number`, ''), coalesce(c.`business_number`, '')
    FROM (SELECT 1) LEFT JOIN `customers` c ON c.`id` = new.`customer_id`;
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT `rowid`, search_grams(`name`), search_grams(`rep`), search_grams(`phone`), search_grams(`svc`), `bn` FROM `app_search_rows` WHERE `rowid` = new.`rowid`;
END;
--> statement-breakpoint
-- Only the order changed (every edit touches updated_at): the index's tokens stay.
CREATE TRIGGER `applications_app_search_touch` AFTER UPDATE OF `updated_at`, `id` ON `applications`
  WHEN old.`rowid` = new.`rowid` AND old.`customer_id` IS new.`customer_id` AND old.`service_number` IS new.`service_number` BEGIN
  UPDATE `app_search_rows` SET `updated_at` = new.`updated_at`, `id` = new.`id` WHERE `rowid` = new.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_app_search_update` AFTER UPDATE OF `customer_id`, `service_number`, `updated_at`, `id` ON `applications`
  WHEN old.`rowid` != new.`rowid` OR old.`customer_id` IS NOT new.`customer_id` OR old.`service_number` IS NOT new.`service_number` BEGIN
  DELETE FROM `app_search` WHERE `rowid` = old.`rowid`;
  DELETE FROM `app_search_rows` WHERE `rowid` = old.`rowid`;
  INSERT INTO `app_search_rows`(`rowid`, `id`, `updated_at`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT new.`rowid`, new.`id`, new.`updated_at`, coalesce(c.`name_key`, ''), coalesce(replace(c.`representative`, ' ', ''), ''),
      coalesce(replace(replace(c.`phone`, '-', ''), ' ', ''), ''), coalesce(new.`service_number`, ''), coalesce(c.`business_number`, '')
    FROM (SELECT 1) LEFT JOIN `customers` c ON c.`id` = new.`customer_id`;
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT `rowid`, search_grams(`name`), search_grams(`rep`), search_grams(`phone`), search_grams(`svc`), `bn` FROM `app_search_rows` WHERE `rowid` = new.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_app_search_delete` AFTER DELETE ON `applications` BEGIN
  DELETE FROM `app_search` WHERE `rowid` = old.`rowid`;
  DELETE FROM `app_search_rows` WHERE `rowid` = old.`rowid`;
END;
--> statement-breakpoint
-- A customer renamed (or its 대표자 or telephone changed), or one that arrives after its
-- applications (a pulled page applies with foreign keys deferred): its applications anew.
CREATE TRIGGER `customers_app_search_update` AFTER UPDATE OF `name_key`, `representative`, `phone`, `business_number`, `id` ON `customers`
  WHEN old.`name_key` IS NOT new.`name_key` OR old.`business_number` IS NOT new.`business_number` OR old.`representative` IS NOT new.`representative` OR old.`phone` IS NOT new.`phone` OR old.`id` IS NOT new.`id` BEGIN
  DELETE FROM `app_search` WHERE `rowid` IN (SELECT `rowid` FROM `applications` WHERE `customer_id` IN (old.`id`, new.`id`));
  UPDATE `app_search_rows` SET `name` = coalesce(c.`name_key`, ''), `rep` = coalesce(replace(c.`representative`, ' ', ''), ''), `phone` = coalesce(replace(replace(c.`phone`, '-', ''), ' ', ''), ''), `bn` = coalesce(c.`business_number`, '')
    FROM `applications` a LEFT JOIN `customers` c ON c.`id` = a.`customer_id`
    WHERE a.`rowid` = `app_search_rows`.`rowid` AND a.`customer_id` IN (old.`id`, new.`id`);
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT r.`rowid`, search_grams(r.`name`), search_grams(r.`rep`), search_grams(r.`phone`), search_grams(r.`svc`), r.`bn`
    FROM `app_search_rows` r JOIN `applications` a ON a.`rowid` = r.`rowid` WHERE a.`customer_id` IN (old.`id`, new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_app_search_insert` AFTER INSERT ON `customers`
  WHEN EXISTS (SELECT 1 FROM `applications` WHERE `customer_id` = new.`id`) BEGIN
  DELETE FROM `app_search` WHERE `rowid` IN (SELECT `rowid` FROM `applications` WHERE `customer_id` = new.`id`);
  UPDATE `app_search_rows` SET `name` = new.`name_key`, `rep` = coalesce(replace(new.`representative`, ' ', ''), ''), `phone` = coalesce(replace(replace(new.`phone`, '-', ''), ' ', ''), ''), `bn` = new.`business_number`
    WHERE `rowid` IN (SELECT `rowid` FROM `applications` WHERE `customer_id` = new.`id`);
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT r.`rowid`, search_grams(r.`name`), search_grams(r.`rep`), search_grams(r.`phone`), search_grams(r.`svc`), r.`bn`
    FROM `app_search_rows` r JOIN `applications` a ON a.`rowid` = r.`rowid` WHERE a.`customer_id` = new.`id`;
END;
--> statement-breakpoint
-- customer_search (0002) kept a copy of every customer's grams as content: contentless, as above.
DROP TRIGGER `customers_search_insert`;
--> statement-breakpoint
DROP TRIGGER `customers_search_update`;
--> statement-breakpoint
DROP TRIGGER `customers_search_delete`;
--> statement-breakpoint
DROP TABLE `customer_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `customer_search` USING fts5(`grams`, content = '', contentless_delete = 1, detail = column, tokenize = 'unicode61 remove_diacritics 0');
--> statement-breakpoint
INSERT INTO `customer_search`(`rowid`, `grams`) SELECT `rowid`, search_grams(`name_key`) FROM `customers`;
--> statement-breakpoint
CREATE TRIGGER `customers_search_insert` AFTER INSERT ON `customers` BEGIN
  INSERT INTO `customer_search`(`rowid`, `grams`) VALUES (new.`rowid`, search_grams(new.`name_key`));
END;
--> statement-breakpoint
CREATE TRIGGER `customers_search_update` AFTER UPDATE OF `name_key` ON `customers` WHEN old.`name_key` IS NOT new.`name_key` BEGIN
  DELETE FROM `customer_search` WHERE `rowid` = old.`rowid`;
  INSERT INTO `customer_search`(`rowid`, `grams`) VALUES (new.`rowid`, search_grams(new.`name_key`));
END;
--> statement-breakpoint
CREATE TRIGGER `customers_search_delete` AFTER DELETE ON `customers` BEGIN
  DELETE FROM `customer_search` WHERE `rowid` = old.`rowid`;
END;
