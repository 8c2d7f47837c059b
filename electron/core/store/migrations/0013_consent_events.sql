CREATE TABLE `consent_events` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`application_id` text NOT NULL,
	`purpose` text NOT NULL,
	`action` text NOT NULL,
	`text_version` integer NOT NULL,
	`signature_id` text,
	`at` text NOT NULL,
	`by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `consent_events_customer_idx` ON `consent_events` (`customer_id`,`at`);--> statement-breakpoint
CREATE INDEX `consent_events_application_idx` ON `consent_events` (`application_id`);--> statement-breakpoint
-- Issue 17: consent decisions are append-only: a withdrawal is a new row, never a change or a deletion.
CREATE TRIGGER `consent_events_no_update` BEFORE UPDATE ON `consent_events`
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only (UPDATE refused)');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_events_no_delete` BEFORE DELETE ON `consent_events`
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only (DELETE refused)');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_events_outbox_insert` AFTER INSERT ON `consent_events` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'consent_event', NEW.id, 'upsert', json_object('customerId', NEW.customer_id, 'applicationId', NEW.application_id, 'purpose', NEW.purpose, 'action', NEW.action, 'textVersion', NEW.text_version, 'signatureId', NEW.signature_id, 'at', NEW.at, 'by', NEW.by, 'createdAt', NEW.created_at), coalesce((SELECT server_version FROM sync_records WHERE entity = 'consent_event' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
END;
