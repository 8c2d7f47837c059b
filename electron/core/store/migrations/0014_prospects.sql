CREATE TABLE `prospect_entries` (
	`handout_id` text NOT NULL,
	`id` text NOT NULL,
	`seq` integer NOT NULL,
	`company` text NOT NULL,
	`contact` text NOT NULL,
	`phone` text NOT NULL,
	`result` text,
	`result_at` text,
	`note` text,
	`result_pending` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`handout_id`, `id`),
	FOREIGN KEY (`handout_id`) REFERENCES `prospect_handouts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `prospect_handouts` (
	`id` text PRIMARY KEY NOT NULL,
	`list_id` text NOT NULL,
	`list_number` text NOT NULL,
	`list_name` text NOT NULL,
	`campaign` text NOT NULL,
	`state` text NOT NULL,
	`handed_at` text NOT NULL,
	`acknowledged_at` text,
	`checked_in_at` text,
	`ack_pending` integer DEFAULT false NOT NULL,
	`check_in_pending` integer DEFAULT false NOT NULL
);
