CREATE TABLE `estimates` (
	`id` text PRIMARY KEY NOT NULL,
	`knowledge_version` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
