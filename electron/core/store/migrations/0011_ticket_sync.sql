ALTER TABLE `ticket_events` ADD `satisfaction` text;--> statement-breakpoint
ALTER TABLE `ticket_events` ADD `justified` integer;
--> statement-breakpoint
-- Issue 16: tickets sync. A closed complaint's satisfaction moves to its 'closed' event (it syncs with it).
UPDATE `ticket_events` SET
  `satisfaction` = (SELECT t.satisfaction FROM tickets t WHERE t.id = `ticket_events`.`ticket_id`),
  `justified` = (SELECT t.justified FROM tickets t WHERE t.id = `ticket_events`.`ticket_id`)
WHERE `type` = 'closed' AND `seq` = (SELECT max(x.seq) FROM ticket_events x WHERE x.ticket_id = `ticket_events`.`ticket_id` AND x.type = 'closed');
--> statement-breakpoint
-- The event log is append-only: what happened stays as it was recorded.
CREATE TRIGGER `ticket_events_no_update` BEFORE UPDATE ON `ticket_events`
BEGIN
  SELECT RAISE(ABORT, 'ticket_events is append-only (UPDATE refused)');
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_events_no_delete` BEFORE DELETE ON `ticket_events`
BEGIN
  SELECT RAISE(ABORT, 'ticket_events is append-only (DELETE refused)');
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_outbox_insert` AFTER INSERT ON `tickets` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'ticket', NEW.id, 'upsert', json_object('applicationId', NEW.application_id, 'kind', NEW.kind, 'category', NEW.category, 'channel', NEW.channel, 'description', NEW.description, 'receivedBy', NEW.received_by, 'openedAt', NEW.opened_at, 'outageStart', NEW.outage_start, 'outageEnd', NEW.outage_end, 'createdAt', NEW.created_at), coalesce((SELECT server_version FROM sync_records WHERE entity = 'ticket' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_events_outbox_insert` AFTER INSERT ON `ticket_events` WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), 'ticket_event', NEW.id, 'upsert', json_object('ticketId', NEW.ticket_id, 'type', NEW.type, 'at', NEW.at, 'note', NEW.note, 'by', NEW.by, 'satisfaction', NEW.satisfaction, 'justified', CASE WHEN NEW.justified IS NULL THEN NULL WHEN NEW.justified THEN json('true') ELSE json('false') END, 'createdAt', NEW.created_at), coalesce((SELECT server_version FROM sync_records WHERE entity = 'ticket_event' AND entity_id = NEW.id), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued');
END;
--> statement-breakpoint
INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
SELECT uuid7(), 'ticket', r.id, 'upsert', json_object('applicationId', r.application_id, 'kind', r.kind, 'category', r.category, 'channel', r.channel, 'description', r.description, 'receivedBy', r.received_by, 'openedAt', r.opened_at, 'outageStart', r.outage_start, 'outageEnd', r.outage_end, 'createdAt', r.created_at), 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued' FROM `tickets` AS r ORDER BY r.created_at, r.id;
--> statement-breakpoint
INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
SELECT uuid7(), 'ticket_event', r.id, 'upsert', json_object('ticketId', r.ticket_id, 'type', r.type, 'at', r.at, 'note', r.note, 'by', r.by, 'satisfaction', r.satisfaction, 'justified', CASE WHEN r.justified IS NULL THEN NULL WHEN r.justified THEN json('true') ELSE json('false') END, 'createdAt', r.created_at), 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'queued' FROM `ticket_events` AS r ORDER BY r.created_at, r.ticket_id, r.seq;
