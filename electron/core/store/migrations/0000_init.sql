CREATE TABLE `applications` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`kind` text NOT NULL,
	`billing` text,
	`term` text NOT NULL,
	`term_end` text,
	`items` text NOT NULL,
	`seller` text NOT NULL,
	`service_number` text,
	`date` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `applications_customer_idx` ON `applications` (`customer_id`);--> statement-breakpoint
CREATE INDEX `applications_updated_at_idx` ON `applications` (`updated_at`);--> statement-breakpoint
CREATE INDEX `applications_status_idx` ON `applications` (`status`);--> statement-breakpoint
CREATE INDEX `applications_service_number_idx` ON `applications` (`service_number`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`business_number` text NOT NULL,
	`corporate_number` text,
	`representative` text NOT NULL,
	`address` text NOT NULL,
	`phone` text NOT NULL,
	`mobile` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_business_number_uq` ON `customers` (`business_number`);--> statement-breakpoint
CREATE INDEX `customers_name_key_idx` ON `customers` (`name_key`);--> statement-breakpoint
CREATE INDEX `customers_updated_at_idx` ON `customers` (`updated_at`);