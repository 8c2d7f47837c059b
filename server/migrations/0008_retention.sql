-- Issue 17 item 3: a destruction confirmed on a device (a destruction_entry record) erases HQ's copy
-- of the destroyed records too. Consent events stay append-only, except inside that one erasure:
-- the transaction that applies it sets salesdesk.destroying = 'on' (SET LOCAL) and may then blank an
-- event's fields and mark it deleted; a DELETE stays refused.
CREATE OR REPLACE FUNCTION consent_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'consent events are append-only (DELETE refused)';
  END IF;
  IF coalesce(current_setting('salesdesk.destroying', true), '') = 'on' AND NEW.entity = OLD.entity AND NEW.id = OLD.id
     AND NEW.branch_id = OLD.branch_id AND NEW.fields = '{}'::jsonb AND NEW.deleted THEN
    RETURN NEW;
  END IF;
  IF NEW.entity IS DISTINCT FROM OLD.entity OR NEW.id IS DISTINCT FROM OLD.id OR NEW.branch_id IS DISTINCT FROM OLD.branch_id
     OR NEW.fields IS DISTINCT FROM OLD.fields OR NEW.deleted IS DISTINCT FROM OLD.deleted THEN
    RAISE EXCEPTION 'consent events are append-only (UPDATE refused)';
  END IF;
  RETURN NEW;
END;
$$;
