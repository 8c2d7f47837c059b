ALTER TABLE `applications` ADD `customer` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `name_history` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `facts` text;--> statement-breakpoint
DROP TRIGGER IF EXISTS `customers_outbox_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `customers_outbox_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `applications_outbox_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `applications_outbox_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `documents_outbox_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `documents_outbox_update`;
--> statement-breakpoint
UPDATE `applications` SET `customer` = (
  SELECT json_patch(
    json_object('name', c.name, 'businessNumber', substr(c.business_number, 1, 3) || '-' || substr(c.business_number, 4, 2) || '-' || substr(c.business_number, 6), 'representative', c.representative, 'address', c.address, 'phone', c.phone),
    json_object('corporateNumber', c.corporate_number, 'mobile', c.mobile))
  FROM `customers` AS c WHERE c.id = `applications`.`customer_id`)
WHERE `customer` IS NULL;
--> statement-breakpoint
CREATE TRIGGER `customers_outbox_insert` AFTER INSERT ON `customers` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'customer', NEW.id, 'upsert', json_object('name', NEW.name, 'businessNumber', NEW.business_number, 'corporateNumber', NEW.corporate_number, 'representative', NEW.representative, 'address', NEW.address, 'phone', NEW.phone, 'mobile', NEW.mobile, 'createdAt', NEW.created_at, 'nameHistory', json(NEW.name_history)), coalesce((SELECT server_version FROM sync_records WHERE entity = 'customer' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
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
      UNION ALL SELECT 'nameHistory' AS k, CASE WHEN NEW.name_history IS NULL THEN 'null' ELSE json(NEW.name_history) END AS v WHERE NEW.name_history IS NOT OLD.name_history
    )) AS changed
  WHERE changed.n > 0;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_outbox_insert` AFTER INSERT ON `applications` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'application', NEW.id, 'upsert', json_object('customerId', NEW.customer_id, 'kind', NEW.kind, 'billing', json(NEW.billing), 'term', NEW.term, 'termEnd', NEW.term_end, 'items', json(NEW.items), 'seller', json(NEW.seller), 'serviceNumber', NEW.service_number, 'date', NEW.date, 'status', NEW.status, 'workflow', json(NEW.workflow), 'createdAt', NEW.created_at, 'customer', json(NEW.customer)), coalesce((SELECT server_version FROM sync_records WHERE entity = 'application' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
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
      UNION ALL SELECT 'customer' AS k, CASE WHEN NEW.customer IS NULL THEN 'null' ELSE json(NEW.customer) END AS v WHERE NEW.customer IS NOT OLD.customer
    )) AS changed
  WHERE changed.n > 0;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_outbox_insert` AFTER INSERT ON `documents` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'document', NEW.id, 'upsert', json_object('applicationId', NEW.application_id, 'form', NEW.form, 'inputs', json(NEW.inputs), 'signedPdfSha256', NEW.signed_pdf_sha256, 'signedVersionKey', NEW.signed_version_key, 'createdAt', NEW.created_at, 'facts', json(NEW.facts)), coalesce((SELECT server_version FROM sync_records WHERE entity = 'document' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
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
      UNION ALL SELECT 'facts' AS k, CASE WHEN NEW.facts IS NULL THEN 'null' ELSE json(NEW.facts) END AS v WHERE NEW.facts IS NOT OLD.facts
    )) AS changed
  WHERE changed.n > 0;
END;
