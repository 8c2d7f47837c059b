CREATE TABLE `quote_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`quote_id` text NOT NULL,
	`version` integer NOT NULL,
	`catalog_id` text NOT NULL,
	`catalog_version` text NOT NULL,
	`currency` text NOT NULL,
	`term` text NOT NULL,
	`items` text NOT NULL,
	`result` text NOT NULL,
	`monthly_total` integer NOT NULL,
	`approval_required` integer NOT NULL,
	`approval_status` text NOT NULL,
	`approval_reason` text,
	`approval_decided_at` text,
	`notes` text,
	`valid_until` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quote_versions_quote_version_uq` ON `quote_versions` (`quote_id`,`version`);--> statement-breakpoint
CREATE TABLE `quotes` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`latest_version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `quotes_application_idx` ON `quotes` (`application_id`);--> statement-breakpoint
CREATE INDEX `quotes_updated_at_idx` ON `quotes` (`updated_at`);--> statement-breakpoint
CREATE TRIGGER `quote_versions_content_is_immutable`
BEFORE UPDATE OF `quote_id`, `version`, `catalog_id`, `catalog_version`, `currency`, `term`, `items`, `result`, `monthly_total`, `approval_required`, `notes`, `valid_until`, `created_at` ON `quote_versions`
BEGIN
  SELECT RAISE(ABORT, 'a saved quote version never changes: save a new version instead');
END;
--> statement-breakpoint
CREATE TRIGGER `quote_versions_are_never_deleted`
BEFORE DELETE ON `quote_versions`
BEGIN
  SELECT RAISE(ABORT, 'a saved quote version is kept for the record');
END;
