CREATE TABLE "prospect_campaign_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"list_id" uuid NOT NULL,
	"campaign" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "prospect_do_not_call" (
	"digits" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prospect_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"list_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"company" text NOT NULL,
	"contact" text NOT NULL,
	"phone" text NOT NULL,
	"digits" text NOT NULL,
	CONSTRAINT "prospect_entries_list_seq_uq" UNIQUE("list_id","seq")
);
--> statement-breakpoint
CREATE TABLE "prospect_handout_entries" (
	"handout_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"result" text,
	"result_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "prospect_handout_entries_handout_id_entry_id_pk" PRIMARY KEY("handout_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "prospect_handouts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"list_id" uuid NOT NULL,
	"rep_id" integer NOT NULL,
	"campaign" text NOT NULL,
	"count" integer NOT NULL,
	"state" text NOT NULL,
	"handed_at" timestamp with time zone NOT NULL,
	"handed_by" text NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"recalled_at" timestamp with time zone,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "prospect_lists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"source" text,
	"imported_at" timestamp with time zone NOT NULL,
	"imported_by" text NOT NULL,
	"last_used_at" timestamp with time zone NOT NULL,
	"keep_until" text NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "prospect_lists_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "prospect_campaign_requests" ADD CONSTRAINT "prospect_campaign_requests_list_id_prospect_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."prospect_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_entries" ADD CONSTRAINT "prospect_entries_list_id_prospect_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."prospect_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_handout_entries" ADD CONSTRAINT "prospect_handout_entries_handout_id_prospect_handouts_id_fk" FOREIGN KEY ("handout_id") REFERENCES "public"."prospect_handouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_handout_entries" ADD CONSTRAINT "prospect_handout_entries_entry_id_prospect_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."prospect_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_handouts" ADD CONSTRAINT "prospect_handouts_list_id_prospect_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."prospect_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_handouts" ADD CONSTRAINT "prospect_handouts_rep_id_reps_id_fk" FOREIGN KEY ("rep_id") REFERENCES "public"."reps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prospect_campaign_requests_list_idx" ON "prospect_campaign_requests" USING btree ("list_id");--> statement-breakpoint
CREATE INDEX "prospect_entries_digits_idx" ON "prospect_entries" USING btree ("digits");--> statement-breakpoint
CREATE INDEX "prospect_handout_entries_entry_idx" ON "prospect_handout_entries" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "prospect_handouts_rep_idx" ON "prospect_handouts" USING btree ("rep_id","state");--> statement-breakpoint
CREATE INDEX "prospect_handouts_list_idx" ON "prospect_handouts" USING btree ("list_id");