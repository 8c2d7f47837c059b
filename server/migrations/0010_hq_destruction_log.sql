CREATE TABLE "hq_destruction_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"branch_id" integer NOT NULL,
	"rule_id" text NOT NULL,
	"basis" text NOT NULL,
	"action" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"fields_erased" integer NOT NULL,
	"records_removed" integer NOT NULL,
	"files_removed" integer NOT NULL,
	"confirmed_by" text NOT NULL,
	"backups_gone_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "hq_destruction_log_at_idx" ON "hq_destruction_log" USING btree ("at");--> statement-breakpoint
-- HQ's destruction log is append-only like the audit log: no UPDATE, DELETE or TRUNCATE.
CREATE FUNCTION hq_destruction_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'hq_destruction_log is append-only (% refused)', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER hq_destruction_log_no_change BEFORE UPDATE OR DELETE ON hq_destruction_log FOR EACH ROW EXECUTE FUNCTION hq_destruction_log_append_only();
--> statement-breakpoint
CREATE TRIGGER hq_destruction_log_no_truncate BEFORE TRUNCATE ON hq_destruction_log FOR EACH STATEMENT EXECUTE FUNCTION hq_destruction_log_append_only();
