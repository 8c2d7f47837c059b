CREATE TABLE `access_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`device` text NOT NULL,
	`channel` text NOT NULL,
	`action` text NOT NULL,
	`subjects` text NOT NULL,
	`reason` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_log_id_uq` ON `access_log` (`id`);--> statement-breakpoint
CREATE INDEX `access_log_at_idx` ON `access_log` (`at`);--> statement-breakpoint
CREATE TRIGGER `access_log_entries_never_change`
BEFORE UPDATE ON `access_log`
BEGIN
  SELECT RAISE(ABORT, 'the access log is append-only: an entry never changes');
END;
--> statement-breakpoint
CREATE TRIGGER `access_log_entries_are_never_deleted`
BEFORE DELETE ON `access_log`
BEGIN
  SELECT RAISE(ABORT, 'the access log is append-only: an entry is never deleted');
END;
