CREATE TABLE `outbox_conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`workspace_id` text NOT NULL,
	`at` integer NOT NULL,
	`base_value_json` text,
	`local_value_json` text NOT NULL,
	`remote_value_json` text NOT NULL,
	`local_at` integer NOT NULL,
	`remote_at` integer,
	`remote_updated_at` text,
	`clock` text NOT NULL,
	`decision` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `outbox_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbox_conflicts_ws_idx` ON `outbox_conflicts` (`workspace_id`,`at`);--> statement-breakpoint
CREATE TABLE `outbox_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`payload_json` text NOT NULL,
	`base_version` text,
	`base_value_json` text,
	`base_updated_at` text,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`error_json` text,
	`request_id` text NOT NULL,
	`result_json` text,
	`push_run_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`push_run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `outbox_items_queue_idx` ON `outbox_items` (`workspace_id`,`state`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_items_target_idx` ON `outbox_items` (`workspace_id`,`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `outbox_pauses` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`paused_at` integer NOT NULL,
	`error_json` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
