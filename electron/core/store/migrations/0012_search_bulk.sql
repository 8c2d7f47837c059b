-- Issue 12, bulk writes: a pulled page (sync_control.applying = 1) is no longer indexed row by row
-- by these triggers (an FTS5 insert of five columns of bigrams per row, through a trigger each);
-- the sync engine indexes the rows a page wrote in one set-based pass before the page commits
-- (`indexPulledRows`, electron/core/store/search-index.ts). Local writes (applying = 0) are
-- indexed by the same triggers as in 0009. Deletes stay indexed by 0009's triggers always.
DROP TRIGGER `applications_app_search_insert`;
--> statement-breakpoint
DROP TRIGGER `applications_app_search_touch`;
--> statement-breakpoint
DROP TRIGGER `applications_app_search_update`;
--> statement-breakpoint
DROP TRIGGER `customers_app_search_update`;
--> statement-breakpoint
DROP TRIGGER `customers_app_search_insert`;
--> statement-breakpoint
DROP TRIGGER `customers_search_insert`;
--> statement-breakpoint
DROP TRIGGER `customers_search_update`;
--> statement-breakpoint
CREATE TRIGGER `applications_app_search_insert` AFTER INSERT ON `applications` WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 BEGIN
  INSERT INTO `app_search_rows`(`rowid`, `id`, `updated_at`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT new.`rowid`, new.`id`, new.`updated_at`, coalesce(c.`name_key`, ''), coalesce(replace(c.`representative`, ' ', ''), ''),
      coalesce(replace(replace(c.`phone`, '-', ''), ' ', ''), ''), coalesce(new.`service_number`, ''), coalesce(c.`business_number`, '')
    FROM (SELECT 1) LEFT JOIN `customers` c ON c.`id` = new.`customer_id`;
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT `rowid`, search_grams(`name`), search_grams(`rep`), search_grams(`phone`), search_grams(`svc`), `bn` FROM `app_search_rows` WHERE `rowid` = new.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_app_search_touch` AFTER UPDATE OF `updated_at`, `id` ON `applications`
  WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 AND old.`rowid` = new.`rowid` AND old.`customer_id` IS new.`customer_id` AND old.`service_number` IS new.`service_number` BEGIN
  UPDATE `app_search_rows` SET `updated_at` = new.`updated_at`, `id` = new.`id` WHERE `rowid` = new.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_app_search_update` AFTER UPDATE OF `customer_id`, `service_number`, `updated_at`, `id` ON `applications`
  WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 AND (old.`rowid` != new.`rowid` OR old.`customer_id` IS NOT new.`customer_id` OR old.`service_number` IS NOT new.`service_number`) BEGIN
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
CREATE TRIGGER `customers_app_search_update` AFTER UPDATE OF `name_key`, `representative`, `phone`, `business_number`, `id` ON `customers`
  WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 AND (old.`name_key` IS NOT new.`name_key` OR old.`business_number` IS NOT new.`business_number` OR old.`representative` IS NOT new.`representative` OR old.`phone` IS NOT new.`phone` OR old.`id` IS NOT new.`id`) BEGIN
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
  WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 AND EXISTS (SELECT 1 FROM `applications` WHERE `customer_id` = new.`id`) BEGIN
  DELETE FROM `app_search` WHERE `rowid` IN (SELECT `rowid` FROM `applications` WHERE `customer_id` = new.`id`);
  UPDATE `app_search_rows` SET `name` = new.`name_key`, `rep` = coalesce(replace(new.`representative`, ' ', ''), ''), `phone` = coalesce(replace(replace(new.`phone`, '-', ''), ' ', ''), ''), `bn` = new.`business_number`
    WHERE `rowid` IN (SELECT `rowid` FROM `applications` WHERE `customer_id` = new.`id`);
  INSERT INTO `app_search`(`rowid`, `name`, `rep`, `phone`, `svc`, `bn`)
    SELECT r.`rowid`, search_grams(r.`name`), search_grams(r.`rep`), search_grams(r.`phone`), search_grams(r.`svc`), r.`bn`
    FROM `app_search_rows` r JOIN `applications` a ON a.`rowid` = r.`rowid` WHERE a.`customer_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_search_insert` AFTER INSERT ON `customers` WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 BEGIN
  INSERT INTO `customer_search`(`rowid`, `grams`) VALUES (new.`rowid`, search_grams(new.`name_key`));
END;
--> statement-breakpoint
CREATE TRIGGER `customers_search_update` AFTER UPDATE OF `name_key` ON `customers` WHEN (SELECT `applying` FROM `sync_control` WHERE `id` = 1) = 0 AND old.`name_key` IS NOT new.`name_key` BEGIN
  DELETE FROM `customer_search` WHERE `rowid` = old.`rowid`;
  INSERT INTO `customer_search`(`rowid`, `grams`) VALUES (new.`rowid`, search_grams(new.`name_key`));
END;
