CREATE INDEX "records_ticket_events_idx" ON "records" USING btree (("fields"->>'ticketId')) WHERE "records"."entity" = 'ticket_event';--> statement-breakpoint
CREATE INDEX "records_tickets_idx" ON "records" USING btree ("branch_id") WHERE "records"."entity" = 'ticket';--> statement-breakpoint
-- A ticket's events are append-only at HQ as on the device (issue 16): a stored event never changes
-- its content, is never marked deleted and never disappears; its version/seq may not move either.
CREATE FUNCTION ticket_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ticket events are append-only (DELETE refused)';
  END IF;
  IF NEW.entity IS DISTINCT FROM OLD.entity OR NEW.id IS DISTINCT FROM OLD.id OR NEW.branch_id IS DISTINCT FROM OLD.branch_id
     OR NEW.fields IS DISTINCT FROM OLD.fields OR NEW.deleted IS DISTINCT FROM OLD.deleted THEN
    RAISE EXCEPTION 'ticket events are append-only (UPDATE refused)';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER records_ticket_events_append_only BEFORE UPDATE OR DELETE ON records FOR EACH ROW WHEN (OLD.entity = 'ticket_event') EXECUTE FUNCTION ticket_events_append_only();
--> statement-breakpoint
CREATE TRIGGER records_no_truncate_with_ticket_events BEFORE TRUNCATE ON records FOR EACH STATEMENT EXECUTE FUNCTION ticket_events_append_only();
