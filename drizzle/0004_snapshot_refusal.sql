PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sync_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`workspace_id` text NOT NULL,
	`resource` text NOT NULL,
	`klaviyo_id` text,
	`version_hash` text,
	`encoding` text NOT NULL,
	`sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`content` blob,
	`error_json` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_sync_snapshots`("id", "run_id", "workspace_id", "resource", "klaviyo_id", "version_hash", "encoding", "sha256", "size_bytes", "content", "error_json", "created_at") SELECT "id", "run_id", "workspace_id", "resource", "klaviyo_id", "version_hash", "encoding", "sha256", "size_bytes", "content", NULL, "created_at" FROM `sync_snapshots`;--> statement-breakpoint
DROP TABLE `sync_snapshots`;--> statement-breakpoint
ALTER TABLE `__new_sync_snapshots` RENAME TO `sync_snapshots`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `sync_snapshots_run_idx` ON `sync_snapshots` (`run_id`);--> statement-breakpoint
CREATE INDEX `sync_snapshots_item_idx` ON `sync_snapshots` (`workspace_id`,`klaviyo_id`);