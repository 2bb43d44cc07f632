CREATE TABLE `trend_points` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`sync_run_id` integer,
	`at` integer NOT NULL,
	`metric` text NOT NULL,
	`subject_type` text DEFAULT '' NOT NULL,
	`subject_id` text DEFAULT '' NOT NULL,
	`value` real,
	`label` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sync_run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `trend_points_subject_idx` ON `trend_points` (`workspace_id`,`subject_type`,`subject_id`,`metric`,`at`);--> statement-breakpoint
CREATE INDEX `trend_points_run_idx` ON `trend_points` (`sync_run_id`);