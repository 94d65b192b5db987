CREATE TABLE `run_checkpoints` (
	`run_id` text NOT NULL,
	`name` text NOT NULL,
	`state` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`run_id`, `name`)
);
--> statement-breakpoint
CREATE TABLE `run_keys` (
	`run_id` text NOT NULL,
	`object` text NOT NULL,
	`column` text NOT NULL,
	`value` text NOT NULL,
	`source_key` text NOT NULL,
	PRIMARY KEY(`run_id`, `object`, `column`, `value`)
);
--> statement-breakpoint
CREATE TABLE `run_ledger` (
	`run_id` text NOT NULL,
	`seq` integer NOT NULL,
	`object` text NOT NULL,
	`entity` text NOT NULL,
	`source_key` text NOT NULL,
	`destination_id` text NOT NULL,
	`op` text NOT NULL,
	`before` text,
	`hash` text NOT NULL,
	`batch_key` text NOT NULL,
	`written_at` integer NOT NULL,
	`settled_at` text,
	`undo` text,
	`undo_note` text,
	`undone_at` integer,
	PRIMARY KEY(`run_id`, `object`, `source_key`)
);
--> statement-breakpoint
CREATE INDEX `run_ledger_seq` ON `run_ledger` (`run_id`,`seq`);--> statement-breakpoint
CREATE INDEX `run_ledger_dest` ON `run_ledger` (`entity`,`destination_id`);--> statement-breakpoint
CREATE INDEX `run_ledger_undo` ON `run_ledger` (`run_id`,`undo`,`seq`);--> statement-breakpoint
CREATE TABLE `run_reports` (
	`run_id` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`run_id`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `run_rows` (
	`run_id` text NOT NULL,
	`object` text NOT NULL,
	`file` text NOT NULL,
	`line` integer NOT NULL,
	`raw` text NOT NULL,
	`status` text NOT NULL,
	`source_key` text,
	`data` text,
	`hash` text,
	`reason` text,
	`detail` text,
	`cursor` text,
	`dedupe_key` text,
	PRIMARY KEY(`run_id`, `object`, `file`, `line`)
);
--> statement-breakpoint
CREATE INDEX `run_rows_key` ON `run_rows` (`run_id`,`object`,`source_key`);--> statement-breakpoint
CREATE INDEX `run_rows_status` ON `run_rows` (`run_id`,`object`,`status`,`file`,`line`);--> statement-breakpoint
CREATE INDEX `run_rows_dedupe` ON `run_rows` (`run_id`,`object`,`dedupe_key`);--> statement-breakpoint
CREATE TABLE `run_snapshot` (
	`run_id` text NOT NULL,
	`entity` text NOT NULL,
	`destination_id` text NOT NULL,
	`keys` text NOT NULL,
	`record` text NOT NULL,
	PRIMARY KEY(`run_id`, `entity`, `destination_id`)
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`scope_id` text NOT NULL,
	`scope_version` integer NOT NULL,
	`mapping_hash` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`phase` text,
	`pause_reason` text,
	`paused_from` text,
	`parent_run_id` text,
	`source` text NOT NULL,
	`destination` text NOT NULL,
	`destination_secret` text NOT NULL,
	`options` text NOT NULL,
	`progress` text NOT NULL,
	`cursor` text,
	`error` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scope_id`) REFERENCES `scopes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `runs_org` ON `runs` (`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `runs_scope` ON `runs` (`scope_id`);--> statement-breakpoint
CREATE INDEX `runs_status` ON `runs` (`status`);