CREATE TABLE "access_chain_breaks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "access_chain_breaks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"device_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"problem" text NOT NULL,
	"message" text NOT NULL,
	"sent_hash" text,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_chain_breaks_uq" UNIQUE("device_id","seq","problem")
);
--> statement-breakpoint
CREATE TABLE "access_reviews" (
	"month" text PRIMARY KEY NOT NULL,
	"by_login" text NOT NULL,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "device_access_log" (
	"device_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"rep_id" integer NOT NULL,
	"id" text NOT NULL,
	"at" text NOT NULL,
	"at_ts" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"device" text NOT NULL,
	"channel" text NOT NULL,
	"action" text NOT NULL,
	"subjects" jsonb NOT NULL,
	"reason" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "device_access_log_device_id_seq_pk" PRIMARY KEY("device_id","seq")
);
--> statement-breakpoint
CREATE TABLE "hq_access_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"at" text NOT NULL,
	"at_ts" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_name" text NOT NULL,
	"device" text NOT NULL,
	"channel" text NOT NULL,
	"action" text NOT NULL,
	"subjects" jsonb NOT NULL,
	"reason" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "hq_access_log_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE INDEX "device_access_log_at_idx" ON "device_access_log" USING btree ("at_ts");--> statement-breakpoint
CREATE INDEX "device_access_log_rep_idx" ON "device_access_log" USING btree ("rep_id","at_ts");--> statement-breakpoint
CREATE INDEX "device_access_log_subjects_idx" ON "device_access_log" USING gin ("subjects" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "hq_access_log_at_idx" ON "hq_access_log" USING btree ("at_ts");--> statement-breakpoint
CREATE INDEX "hq_access_log_actor_idx" ON "hq_access_log" USING btree ("actor","at_ts");--> statement-breakpoint
CREATE INDEX "hq_access_log_subjects_idx" ON "hq_access_log" USING gin ("subjects" jsonb_path_ops);--> statement-breakpoint
-- The access log is append-only at HQ (issue 17, PIPA safety-measure standard art. 8): no UPDATE,
-- DELETE or TRUNCATE of HQ's entries, the devices' entries, the breaks found in them, or a review mark.
CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER hq_access_log_no_change BEFORE UPDATE OR DELETE ON hq_access_log FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
--> statement-breakpoint
CREATE TRIGGER hq_access_log_no_truncate BEFORE TRUNCATE ON hq_access_log FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
--> statement-breakpoint
CREATE TRIGGER device_access_log_no_change BEFORE UPDATE OR DELETE ON device_access_log FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
--> statement-breakpoint
CREATE TRIGGER device_access_log_no_truncate BEFORE TRUNCATE ON device_access_log FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
--> statement-breakpoint
CREATE TRIGGER access_chain_breaks_no_change BEFORE UPDATE OR DELETE ON access_chain_breaks FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
--> statement-breakpoint
CREATE TRIGGER access_chain_breaks_no_truncate BEFORE TRUNCATE ON access_chain_breaks FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
--> statement-breakpoint
CREATE TRIGGER access_reviews_no_change BEFORE UPDATE OR DELETE ON access_reviews FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
--> statement-breakpoint
CREATE TRIGGER access_reviews_no_truncate BEFORE TRUNCATE ON access_reviews FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
