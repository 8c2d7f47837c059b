CREATE TABLE `application_attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`purpose` text NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`sha256`) REFERENCES `attachments`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `application_attachments_application_idx` ON `application_attachments` (`application_id`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`sha256` text PRIMARY KEY NOT NULL,
	`mime` text NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` text NOT NULL,
	`uploaded_at` text
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`form` text NOT NULL,
	`inputs` text,
	`signed_pdf_sha256` text,
	`signed_version_key` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`signed_pdf_sha256`) REFERENCES `attachments`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_application_form_uq` ON `documents` (`application_id`,`form`);--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`area` text NOT NULL,
	`version_key` text NOT NULL,
	`mark` text NOT NULL,
	`signer_name` text NOT NULL,
	`signed_at` text NOT NULL,
	`device` text NOT NULL,
	`app_version` text NOT NULL,
	`image_sha256` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`image_sha256`) REFERENCES `attachments`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signatures_document_idx` ON `signatures` (`document_id`);--> statement-breakpoint
ALTER TABLE `applications` ADD `workflow` text;--> statement-breakpoint
CREATE TRIGGER `signatures_are_immutable` BEFORE UPDATE ON `signatures`
BEGIN
  SELECT RAISE(ABORT, 'a signature is evidence and never changes');
END;
--> statement-breakpoint
CREATE TRIGGER `signatures_are_never_deleted` BEFORE DELETE ON `signatures`
BEGIN
  SELECT RAISE(ABORT, 'a signature is evidence and is kept, void or not');
END;
