-- Issue 12, business-number search at 1M applications: numbers get tokens of their own.
-- A digits query was "business-number prefix OR part of a service number", the second a phrase of
-- digit bigrams over the svc column; FTS5 keeps one index for all columns, and those bigrams are the
-- tokens every telephone number makes, so the phrase read postings of every application (bench:store
-- at 1M: p95 35 ms for 5 digits, 58 ms for the full number). Now (search_bn / search_svc, store/search.ts):
--  * bn: the business number as one token after a mark of its own (a prefix query reads only
--    business numbers' terms);
--  * svc: the service number as one token after a start mark (J… queries), and each suffix of 3 or
--    more characters that starts with a digit after a part mark (digits queries: the part is a
--    prefix of a suffix).
-- Every application's entry is indexed again from app_search_rows (unchanged, so are the order keys),
-- then merged into one segment (the bulk insert leaves several: 9 at 300k, and a name search read each);
-- the triggers are those of 0016 with the new token functions for svc and bn.
DROP TRIGGER `applications_app_search_insert`;
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
CREATE VIRTUAL TABLE `app_search` USING fts5(`name`, `rep`, `phone`, `svc`, `bn`, content = '', contentless_delete = 1, detail = full, tokenize = 'unicode61 remove_diacritics 0');
--> statement-breakpoint
INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
  SELECT r.`rowid`, search_bigrams(r.`name`), search_bigrams(r.`rep`), search_bigrams(r.`phone`), search_svc(r.`svc`), search_bn(r.`bn`) FROM `app_search_rows` r;
--> statement-breakpoint
INSERT INTO `app_search`(`app_search`) VALUES ('optimize');
--> statement-breakpoint
CREATE TRIGGER `applications_app_search_insert` AFTER INSERT ON `applications` WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 BEGIN
  INSERT INTO `app_search_rows`(`rowid`, `app`, `id`, `updated_at`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT coalesce((SELECT max(`rowid`) + 1 FROM `app_search_rows` WHERE `rowid` >= b.`base` AND `rowid` < b.`base` + 1048576), b.`base`),
      new.`rowid`, new.`id`, new.`updated_at`, coalesce(c.`name_key`, ''), coalesce(replace(c.`representative`, ' ', ''), ''), coalesce(replace(replace(c.`phone`, '-', ''), ' ', ''), ''), coalesce(new.`service_number`, ''), coalesce(c.`business_number`, '')
    FROM (SELECT (max(0, coalesce(unixepoch(new.`updated_at`) - 1577836800, 0)) * 1048576) AS `base`) b LEFT JOIN `customers` c ON c.`id` = new.`customer_id`;
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT `rowid`, search_bigrams(`name`), search_bigrams(`rep`), search_bigrams(`phone`), search_svc(`svc`), search_bn(`bn`) FROM `app_search_rows` WHERE `app` = new.`rowid`;
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
    SELECT `rowid`, search_bigrams(`name`), search_bigrams(`rep`), search_bigrams(`phone`), search_svc(`svc`), search_bn(`bn`) FROM `app_search_rows` WHERE `app` = new.`rowid`;
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
    SELECT r.`rowid`, search_bigrams(r.`name`), search_bigrams(r.`rep`), search_bigrams(r.`phone`), search_svc(r.`svc`), search_bn(r.`bn`)
    FROM `app_search_rows` r JOIN `applications` a ON a.`rowid` = r.`app` WHERE a.`customer_id` IN (old.`id`, new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_app_search_insert` AFTER INSERT ON `customers`
  WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 AND EXISTS (SELECT 1 FROM `applications` WHERE `customer_id` = new.`id`) BEGIN
  DELETE FROM `app_search` WHERE `rowid` IN (SELECT r.`rowid` FROM `applications` a JOIN `app_search_rows` r ON r.`app` = a.`rowid` WHERE a.`customer_id` = new.`id`);
  UPDATE `app_search_rows` SET `name` = new.`name_key`, `rep` = coalesce(replace(new.`representative`, ' ', ''), ''), `phone` = coalesce(replace(replace(new.`phone`, '-', ''), ' ', ''), ''), `bn` = new.`business_number`
    WHERE `app` IN (SELECT `rowid` FROM `applications` WHERE `customer_id` = new.`id`);
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT r.`rowid`, search_bigrams(r.`name`), search_bigrams(r.`rep`), search_bigrams(r.`phone`), search_svc(r.`svc`), search_bn(r.`bn`)
    FROM `app_search_rows` r JOIN `applications` a ON a.`rowid` = r.`app` WHERE a.`customer_id` = new.`id`;
END;
