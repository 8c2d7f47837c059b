CREATE TABLE `hq_records` (
	`entity` text NOT NULL,
	`id` text NOT NULL,
	`version` integer NOT NULL,
	`fields` text NOT NULL,
	`pulled_at` text NOT NULL,
	PRIMARY KEY(`entity`, `id`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mutation_id` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`op` text NOT NULL,
	`fields` text NOT NULL,
	`base_version` integer DEFAULT 0 NOT NULL,
	`client_time` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`result` text,
	`error` text,
	`sent_at` text,
	`acked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_mutation_uq` ON `outbox` (`mutation_id`);--> statement-breakpoint
CREATE INDEX `outbox_state_idx` ON `outbox` (`state`,`seq`);--> statement-breakpoint
CREATE INDEX `outbox_record_idx` ON `outbox` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `sync_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`field` text NOT NULL,
	`yours` text,
	`theirs` text,
	`winner` text NOT NULL,
	`reason` text NOT NULL,
	`mutation_id` text,
	`created_at` text NOT NULL,
	`seen_at` text
);
--> statement-breakpoint
CREATE INDEX `sync_conflicts_record_idx` ON `sync_conflicts` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `sync_control` (
	`id` integer PRIMARY KEY NOT NULL,
	`applying` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_records` (
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`server_version` integer NOT NULL,
	`pulled_at` text NOT NULL,
	PRIMARY KEY(`entity`, `entity_id`)
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text
);
--> statement-breakpoint
DROP INDEX `customers_business_number_uq`;--> statement-breakpoint
CREATE INDEX `customers_business_number_idx` ON `customers` (`business_number`);--> statement-breakpoint
ALTER TABLE `applications` ADD `status_reason` text;--> statement-breakpoint
INSERT INTO `sync_control` (`id`, `applying`) VALUES (1, 0);
--> statement-breakpoint
INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
SELECT uuid7(), 'customer', r.id, 'upsert', json_object('name', r.name, 'businessNumber', r.business_number, 'corporateNumber', r.corporate_number, 'representative', r.representative, 'address', r.address, 'phone', r.phone, 'mobile', r.mobile, 'createdAt', r.created_at), 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued' FROM `customers` AS r ORDER BY r.created_at, r.id;
--> statement-breakpoint
INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
SELECT uuid7(), 'application', r.id, 'upsert', json_object('customerId', r.customer_id, 'kind', r.kind, 'billing', json(r.billing), 'term', r.term, 'termEnd', r.term_end, 'items', json(r.items), 'seller', json(r.seller), 'serviceNumber', r.service_number, 'date', r.date, 'status', r.status, 'workflow', json(r.workflow), 'createdAt', r.created_at), 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued' FROM `applications` AS r ORDER BY r.created_at, r.id;
--> statement-breakpoint
INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
SELECT uuid7(), 'quote', r.id, 'upsert', json_object('applicationId', r.application_id, 'latestVersion', r.latest_version, 'createdAt', r.created_at), 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued' FROM `quotes` AS r ORDER BY r.created_at, r.id;
--> statement-breakpoint
INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
SELECT uuid7(), 'quote_version', r.id, 'upsert', json_object('quoteId', r.quote_id, 'version', r.version, 'catalogId', r.catalog_id, 'catalogVersion', r.catalog_version, 'currency', r.currency, 'term', r.term, 'items', json(r.items), 'result', json(r.result), 'monthlyTotal', r.monthly_total, 'approvalRequired', CASE WHEN r.approval_required IS NULL THEN NULL WHEN r.approval_required THEN json('true') ELSE json('false') END, 'notes', r.notes, 'validUntil', r.valid_until, 'createdAt', r.created_at), 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued' FROM `quote_versions` AS r ORDER BY r.created_at, r.id;
--> statement-breakpoint
INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
SELECT uuid7(), 'document', r.id, 'upsert', json_object('applicationId', r.application_id, 'form', r.form, 'inputs', json(r.inputs), 'signedPdfSha256', r.signed_pdf_sha256, 'signedVersionKey', r.signed_version_key, 'createdAt', r.created_at), 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued' FROM `documents` AS r ORDER BY r.created_at, r.id;
--> statement-breakpoint
INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
SELECT uuid7(), 'signature', r.id, 'upsert', json_object('documentId', r.document_id, 'area', r.area, 'versionKey', r.version_key, 'mark', r.mark, 'signerName', r.signer_name, 'signedAt', r.signed_at, 'device', r.device, 'appVersion', r.app_version, 'imageSha256', r.image_sha256, 'createdAt', r.created_at), 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued' FROM `signatures` AS r ORDER BY r.created_at, r.id;
--> statement-breakpoint
INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
SELECT uuid7(), 'application_attachment', r.id, 'upsert', json_object('applicationId', r.application_id, 'purpose', r.purpose, 'sha256', r.sha256, 'fileName', r.file_name, 'createdAt', r.created_at), 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued' FROM `application_attachments` AS r ORDER BY r.created_at, r.id;
--> statement-breakpoint
CREATE TRIGGER `customers_outbox_insert` AFTER INSERT ON `customers` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'customer', NEW.id, 'upsert', json_object('name', NEW.name, 'businessNumber', NEW.business_number, 'corporateNumber', NEW.corporate_number, 'representative', NEW.representative, 'address', NEW.address, 'phone', NEW.phone, 'mobile', NEW.mobile, 'createdAt', NEW.created_at), coalesce((SELECT server_version FROM sync_records WHERE entity = 'customer' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
END;
--> statement-breakpoint
CREATE TRIGGER `customers_outbox_update` AFTER UPDATE ON `customers` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  SELECT uuid7(), 'customer', NEW.id, 'upsert', changed.fields, coalesce((SELECT server_version FROM sync_records WHERE entity = 'customer' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued'
  FROM (SELECT json_group_object(k, json(v)) AS fields, count(*) AS n FROM (
      SELECT 'name' AS k, json_quote(NEW.name) AS v WHERE NEW.name IS NOT OLD.name
      UNION ALL SELECT 'businessNumber' AS k, json_quote(NEW.business_number) AS v WHERE NEW.business_number IS NOT OLD.business_number
      UNION ALL SELECT 'corporateNumber' AS k, json_quote(NEW.corporate_number) AS v WHERE NEW.corporate_number IS NOT OLD.corporate_number
      UNION ALL SELECT 'representative' AS k, json_quote(NEW.representative) AS v WHERE NEW.representative IS NOT OLD.representative
      UNION ALL SELECT 'address' AS k, json_quote(NEW.address) AS v WHERE NEW.address IS NOT OLD.address
      UNION ALL SELECT 'phone' AS k, json_quote(NEW.phone) AS v WHERE NEW.phone IS NOT OLD.phone
      UNION ALL SELECT 'mobile' AS k, json_quote(NEW.mobile) AS v WHERE NEW.mobile IS NOT OLD.mobile
      UNION ALL SELECT 'createdAt' AS k, json_quote(NEW.created_at) AS v WHERE NEW.created_at IS NOT OLD.created_at
    )) AS changed
  WHERE changed.n > 0;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_outbox_insert` AFTER INSERT ON `applications` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'application', NEW.id, 'upsert', json_object('customerId', NEW.customer_id, 'kind', NEW.kind, 'billing', json(NEW.billing), 'term', NEW.term, 'termEnd', NEW.term_end, 'items', json(NEW.items), 'seller', json(NEW.seller), 'serviceNumber', NEW.service_number, 'date', NEW.date, 'status', NEW.status, 'workflow', json(NEW.workflow), 'createdAt', NEW.created_at), coalesce((SELECT server_version FROM sync_records WHERE entity = 'application' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
END;
--> statement-breakpoint
CREATE TRIGGER `applications_outbox_update` AFTER UPDATE ON `applications` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  SELECT uuid7(), 'application', NEW.id, 'upsert', changed.fields, coalesce((SELECT server_version FROM sync_records WHERE entity = 'application' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued'
  FROM (SELECT json_group_object(k, json(v)) AS fields, count(*) AS n FROM (
      SELECT 'customerId' AS k, json_quote(NEW.customer_id) AS v WHERE NEW.customer_id IS NOT OLD.customer_id
      UNION ALL SELECT 'kind' AS k, json_quote(NEW.kind) AS v WHERE NEW.kind IS NOT OLD.kind
      UNION ALL SELECT 'billing' AS k, CASE WHEN NEW.billing IS NULL THEN 'null' ELSE json(NEW.billing) END AS v WHERE NEW.billing IS NOT OLD.billing
      UNION ALL SELECT 'term' AS k, json_quote(NEW.term) AS v WHERE NEW.term IS NOT OLD.term
      UNION ALL SELECT 'termEnd' AS k, json_quote(NEW.term_end) AS v WHERE NEW.term_end IS NOT OLD.term_end
      UNION ALL SELECT 'items' AS k, CASE WHEN NEW.items IS NULL THEN 'null' ELSE json(NEW.items) END AS v WHERE NEW.items IS NOT OLD.items
      UNION ALL SELECT 'seller' AS k, CASE WHEN NEW.seller IS NULL THEN 'null' ELSE json(NEW.seller) END AS v WHERE NEW.seller IS NOT OLD.seller
      UNION ALL SELECT 'serviceNumber' AS k, json_quote(NEW.service_number) AS v WHERE NEW.service_number IS NOT OLD.service_number
      UNION ALL SELECT 'date' AS k, json_quote(NEW.date) AS v WHERE NEW.date IS NOT OLD.date
      UNION ALL SELECT 'status' AS k, json_quote(NEW.status) AS v WHERE NEW.status IS NOT OLD.status
      UNION ALL SELECT 'workflow' AS k, CASE WHEN NEW.workflow IS NULL THEN 'null' ELSE json(NEW.workflow) END AS v WHERE NEW.workflow IS NOT OLD.workflow
      UNION ALL SELECT 'createdAt' AS k, json_quote(NEW.created_at) AS v WHERE NEW.created_at IS NOT OLD.created_at
    )) AS changed
  WHERE changed.n > 0;
END;
--> statement-breakpoint
CREATE TRIGGER `quotes_outbox_insert` AFTER INSERT ON `quotes` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'quote', NEW.id, 'upsert', json_object('applicationId', NEW.application_id, 'latestVersion', NEW.latest_version, 'createdAt', NEW.created_at), coalesce((SELECT server_version FROM sync_records WHERE entity = 'quote' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
END;
--> statement-breakpoint
CREATE TRIGGER `quotes_outbox_update` AFTER UPDATE ON `quotes` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  SELECT uuid7(), 'quote', NEW.id, 'upsert', changed.fields, coalesce((SELECT server_version FROM sync_records WHERE entity = 'quote' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued'
  FROM (SELECT json_group_object(k, json(v)) AS fields, count(*) AS n FROM (
      SELECT 'applicationId' AS k, json_quote(NEW.application_id) AS v WHERE NEW.application_id IS NOT OLD.application_id
      UNION ALL SELECT 'latestVersion' AS k, json_quote(NEW.latest_version) AS v WHERE NEW.latest_version IS NOT OLD.latest_version
      UNION ALL SELECT 'createdAt' AS k, json_quote(NEW.created_at) AS v WHERE NEW.created_at IS NOT OLD.created_at
    )) AS changed
  WHERE changed.n > 0;
END;
--> statement-breakpoint
CREATE TRIGGER `quote_versions_outbox_insert` AFTER INSERT ON `quote_versions` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'quote_version', NEW.id, 'upsert', json_object('quoteId', NEW.quote_id, 'version', NEW.version, 'catalogId', NEW.catalog_id, 'catalogVersion', NEW.catalog_version, 'currency', NEW.currency, 'term', NEW.term, 'items', json(NEW.items), 'result', json(NEW.result), 'monthlyTotal', NEW.monthly_total, 'approvalRequired', CASE WHEN NEW.approval_required IS NULL THEN NULL WHEN NEW.approval_required THEN json('true') ELSE json('false') END, 'notes', NEW.notes, 'validUntil', NEW.valid_until, 'createdAt', NEW.created_at), coalesce((SELECT server_version FROM sync_records WHERE entity = 'quote_version' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_outbox_insert` AFTER INSERT ON `documents` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'document', NEW.id, 'upsert', json_object('applicationId', NEW.application_id, 'form', NEW.form, 'inputs', json(NEW.inputs), 'signedPdfSha256', NEW.signed_pdf_sha256, 'signedVersionKey', NEW.signed_version_key, 'createdAt', NEW.created_at), coalesce((SELECT server_version FROM sync_records WHERE entity = 'document' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_outbox_update` AFTER UPDATE ON `documents` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  SELECT uuid7(), 'document', NEW.id, 'upsert', changed.fields, coalesce((SELECT server_version FROM sync_records WHERE entity = 'document' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued'
  FROM (SELECT json_group_object(k, json(v)) AS fields, count(*) AS n FROM (
      SELECT 'applicationId' AS k, json_quote(NEW.application_id) AS v WHERE NEW.application_id IS NOT OLD.application_id
      UNION ALL SELECT 'form' AS k, json_quote(NEW.form) AS v WHERE NEW.form IS NOT OLD.form
      UNION ALL SELECT 'inputs' AS k, CASE WHEN NEW.inputs IS NULL THEN 'null' ELSE json(NEW.inputs) END AS v WHERE NEW.inputs IS NOT OLD.inputs
      UNION ALL SELECT 'signedPdfSha256' AS k, json_quote(NEW.signed_pdf_sha256) AS v WHERE NEW.signed_pdf_sha256 IS NOT OLD.signed_pdf_sha256
      UNION ALL SELECT 'signedVersionKey' AS k, json_quote(NEW.signed_version_key) AS v WHERE NEW.signed_version_key IS NOT OLD.signed_version_key
      UNION ALL SELECT 'createdAt' AS k, json_quote(NEW.created_at) AS v WHERE NEW.created_at IS NOT OLD.created_at
    )) AS changed
  WHERE changed.n > 0;
END;
--> statement-breakpoint
CREATE TRIGGER `signatures_outbox_insert` AFTER INSERT ON `signatures` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'signature', NEW.id, 'upsert', json_object('documentId', NEW.document_id, 'area', NEW.area, 'versionKey', NEW.version_key, 'mark', NEW.mark, 'signerName', NEW.signer_name, 'signedAt', NEW.signed_at, 'device', NEW.device, 'appVersion', NEW.app_version, 'imageSha256', NEW.image_sha256, 'createdAt', NEW.created_at), coalesce((SELECT server_version FROM sync_records WHERE entity = 'signature' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
END;
--> statement-breakpoint
CREATE TRIGGER `application_attachments_outbox_insert` AFTER INSERT ON `application_attachments` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'application_attachment', NEW.id, 'upsert', json_object('applicationId', NEW.application_id, 'purpose', NEW.purpose, 'sha256', NEW.sha256, 'fileName', NEW.file_name, 'createdAt', NEW.created_at), coalesce((SELECT server_version FROM sync_records WHERE entity = 'application_attachment' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
END;
