CREATE TABLE `destruction_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`rule_id` text NOT NULL,
	`basis` text NOT NULL,
	`action` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`fields_erased` integer NOT NULL,
	`records_removed` integer NOT NULL,
	`files_removed` integer NOT NULL,
	`confirmed_by` text NOT NULL,
	`device` text NOT NULL,
	`backups_gone_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `destruction_log_at_idx` ON `destruction_log` (`at`);--> statement-breakpoint
CREATE INDEX `destruction_log_subject_idx` ON `destruction_log` (`subject_id`);--> statement-breakpoint
CREATE TABLE `pending_file_removals` (
	`sha256` text PRIMARY KEY NOT NULL,
	`queued_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `retention_control` (
	`id` integer PRIMARY KEY NOT NULL,
	`destroying` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `retention_control` (`id`, `destroying`) VALUES (1, 0);
--> statement-breakpoint
-- Issue 17 item 3: the destruction log is append-only.
CREATE TRIGGER `destruction_log_no_update` BEFORE UPDATE ON `destruction_log`
BEGIN
  SELECT RAISE(ABORT, 'destruction_log is append-only (UPDATE refused)');
END;
--> statement-breakpoint
CREATE TRIGGER `destruction_log_no_delete` BEFORE DELETE ON `destruction_log`
BEGIN
  SELECT RAISE(ABORT, 'destruction_log is append-only (DELETE refused)');
END;
--> statement-breakpoint
CREATE TRIGGER `destruction_log_outbox_insert` AFTER INSERT ON `destruction_log` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'destruction_entry', NEW.id, 'upsert', json_object('at', NEW.at, 'ruleId', NEW.rule_id, 'basis', NEW.basis, 'action', NEW.action, 'subjectKind', NEW.subject_kind, 'subjectId', NEW.subject_id, 'fieldsErased', NEW.fields_erased, 'recordsRemoved', NEW.records_removed, 'filesRemoved', NEW.files_removed, 'confirmedBy', NEW.confirmed_by, 'device', NEW.device, 'backupsGoneBy', NEW.backups_gone_by, 'createdAt', NEW.created_at), coalesce((SELECT server_version FROM sync_records WHERE entity = 'destruction_entry' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
END;
--> statement-breakpoint
-- Records kept as evidence stay so, except inside a destruction the retention rules called for
-- and the rep (or HQ) confirmed: only that transaction sets retention_control.destroying = 1.
DROP TRIGGER `quote_versions_are_never_deleted`;
--> statement-breakpoint
CREATE TRIGGER `quote_versions_are_never_deleted`
BEFORE DELETE ON `quote_versions` WHEN (SELECT `destroying` FROM `retention_control` WHERE `id` = 1) = 0
BEGIN
  SELECT RAISE(ABORT, 'a saved quote version is kept for the record');
END;
--> statement-breakpoint
DROP TRIGGER `signatures_are_never_deleted`;
--> statement-breakpoint
CREATE TRIGGER `signatures_are_never_deleted` BEFORE DELETE ON `signatures` WHEN (SELECT `destroying` FROM `retention_control` WHERE `id` = 1) = 0
BEGIN
  SELECT RAISE(ABORT, 'a signature is evidence and is kept, void or not');
END;
--> statement-breakpoint
DROP TRIGGER `consent_events_no_delete`;
--> statement-breakpoint
CREATE TRIGGER `consent_events_no_delete` BEFORE DELETE ON `consent_events` WHEN (SELECT `destroying` FROM `retention_control` WHERE `id` = 1) = 0
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only (DELETE refused)');
END;
--> statement-breakpoint
DROP TRIGGER `ticket_events_no_delete`;
--> statement-breakpoint
CREATE TRIGGER `ticket_events_no_delete` BEFORE DELETE ON `ticket_events` WHEN (SELECT `destroying` FROM `retention_control` WHERE `id` = 1) = 0
BEGIN
  SELECT RAISE(ABORT, 'ticket_events is append-only (DELETE refused)');
END;
