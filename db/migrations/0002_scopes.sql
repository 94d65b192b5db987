CREATE TABLE `instance_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mapping_memory` (
	`org_id` text NOT NULL,
	`source` text NOT NULL,
	`destination` text NOT NULL,
	`source_object` text NOT NULL,
	`column_key` text NOT NULL,
	`target` text NOT NULL,
	`confirmations` integer NOT NULL,
	`last_scope_id` text NOT NULL,
	`last_confirmed_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mapping_memory_key` ON `mapping_memory` (`org_id`,`source`,`destination`,`source_object`,`column_key`);--> statement-breakpoint
CREATE TABLE `scope_files` (
	`scope_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`scope_id`, `name`),
	FOREIGN KEY (`scope_id`) REFERENCES `scopes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `scope_versions` (
	`scope_id` text NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`mapping` text NOT NULL,
	`hash` text NOT NULL,
	`note` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`approved_by` text,
	`approved_at` integer,
	`signed_off_by` text,
	`signed_off_at` integer,
	`sign_off` text,
	PRIMARY KEY(`scope_id`, `version`),
	FOREIGN KEY (`scope_id`) REFERENCES `scopes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `scopes` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`destination` text NOT NULL,
	`plan` text NOT NULL,
	`estimate_id` text,
	`input` text NOT NULL,
	`quote` text NOT NULL,
	`status` text NOT NULL,
	`current_version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `scopes_org` ON `scopes` (`org_id`,`created_at`);