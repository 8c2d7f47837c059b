DROP INDEX `applications_updated_at_idx`;--> statement-breakpoint
CREATE INDEX `applications_order_idx` ON `applications` (`updated_at`,`id`);