CREATE TABLE `report_exports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`audit_run_id` integer,
	`exported_at` integer NOT NULL,
	`format` text NOT NULL,
	`lang` text NOT NULL,
	`score` real NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`audit_run_id`) REFERENCES `audit_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `report_exports_workspace` ON `report_exports` (`workspace_id`,`exported_at`);