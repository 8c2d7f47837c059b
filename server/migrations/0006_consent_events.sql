CREATE INDEX "records_consent_events_idx" ON "records" USING btree (("fields"->>'customerId')) WHERE "records"."entity" = 'consent_event';--> statement-breakpoint
-- Consent decisions are append-only at HQ as on the device (issue 17): a stored event never changes
-- its content, is never marked deleted and never disappears (a withdrawal is a new event).
CREATE FUNCTION consent_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'consent events are append-only (DELETE refused)';
  END IF;
  IF NEW.entity IS DISTINCT FROM OLD.entity OR NEW.id IS DISTINCT FROM OLD.id OR NEW.branch_id IS DISTINCT FROM OLD.branch_id
     OR NEW.fields IS DISTINCT FROM OLD.fields OR NEW.deleted IS DISTINCT FROM OLD.deleted THEN
    RAISE EXCEPTION 'consent events are append-only (UPDATE refused)';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER records_consent_events_append_only BEFORE UPDATE OR DELETE ON records FOR EACH ROW WHEN (OLD.entity = 'consent_event') EXECUTE FUNCTION consent_events_append_only();
