CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`klaviyo_account_id` text,
	`klaviyo_account_name` text,
	`base_url` text DEFAULT 'https://a.klaviyo.com' NOT NULL,
	`settings_json` text DEFAULT '{}' NOT NULL,
	`archived` integer DEFAULT false NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`secret_ref` text NOT NULL,
	`scopes_json` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `workspaces_name_idx` ON `workspaces` (lower("name"));--> statement-breakpoint
CREATE TABLE `inventory_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`klaviyo_id` text NOT NULL,
	`name` text,
	`status` text,
	`channel` text,
	`trigger_type` text,
	`archived` integer,
	`created_at` text,
	`updated_at` text,
	`parent_type` text,
	`parent_id` text,
	`attributes_json` text NOT NULL,
	`relationships_json` text NOT NULL,
	`version_hash` text NOT NULL,
	`first_seen_run_id` integer NOT NULL,
	`last_seen_run_id` integer NOT NULL,
	`removed_at` integer,
	`removed_run_id` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inventory_items_key` ON `inventory_items` (`workspace_id`,`resource_type`,`klaviyo_id`);--> statement-breakpoint
CREATE INDEX `inventory_items_name_idx` ON `inventory_items` (`workspace_id`,`resource_type`,`name`);--> statement-breakpoint
CREATE INDEX `inventory_items_status_idx` ON `inventory_items` (`workspace_id`,`resource_type`,`status`);--> statement-breakpoint
CREATE INDEX `inventory_items_updated_idx` ON `inventory_items` (`workspace_id`,`resource_type`,`updated_at`);--> statement-breakpoint
CREATE INDEX `inventory_items_parent_idx` ON `inventory_items` (`workspace_id`,`parent_type`,`parent_id`);--> statement-breakpoint
CREATE TABLE `item_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`workspace_id` text NOT NULL,
	`version_hash` text NOT NULL,
	`attributes_json` text,
	`relationships_json` text,
	`first_run_id` integer NOT NULL,
	`last_run_id` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `inventory_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `item_versions_span` ON `item_versions` (`item_id`,`version_hash`,`first_run_id`);--> statement-breakpoint
CREATE INDEX `item_versions_hash_idx` ON `item_versions` (`workspace_id`,`version_hash`);--> statement-breakpoint
CREATE INDEX `item_versions_runs_idx` ON `item_versions` (`workspace_id`,`first_run_id`,`last_run_id`);--> statement-breakpoint
CREATE TABLE `sync_run_progress` (
	`run_id` integer NOT NULL,
	`resource` text NOT NULL,
	`parent_id` text NOT NULL,
	PRIMARY KEY(`run_id`, `resource`, `parent_id`),
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sync_run_resources` (
	`run_id` integer NOT NULL,
	`resource` text NOT NULL,
	`status` text NOT NULL,
	`complete` integer DEFAULT false NOT NULL,
	`note` text,
	`pages` integer DEFAULT 0 NOT NULL,
	`items_seen` integer DEFAULT 0 NOT NULL,
	`items_added` integer DEFAULT 0 NOT NULL,
	`items_changed` integer DEFAULT 0 NOT NULL,
	`items_unchanged` integer DEFAULT 0 NOT NULL,
	`items_removed` integer DEFAULT 0 NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`throttled` integer DEFAULT 0 NOT NULL,
	`throttled_ms` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`missing_scopes_json` text DEFAULT '[]' NOT NULL,
	`error_json` text,
	`cursor` text,
	PRIMARY KEY(`run_id`, `resource`),
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`trigger` text NOT NULL,
	`direction` text DEFAULT 'pull' NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`error_json` text,
	`checkpoint_json` text,
	`resumed_from_run_id` integer,
	`owner_pid` integer,
	`owner_host` text,
	`pages` integer DEFAULT 0 NOT NULL,
	`items_added` integer DEFAULT 0 NOT NULL,
	`items_changed` integer DEFAULT 0 NOT NULL,
	`items_unchanged` integer DEFAULT 0 NOT NULL,
	`items_removed` integer DEFAULT 0 NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`throttled` integer DEFAULT 0 NOT NULL,
	`throttled_ms` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_runs_request_id` ON `sync_runs` (`request_id`);--> statement-breakpoint
CREATE INDEX `sync_runs_workspace_idx` ON `sync_runs` (`workspace_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `sync_runs_status_idx` ON `sync_runs` (`status`);--> statement-breakpoint
CREATE TABLE `sync_cursors` (
	`workspace_id` text NOT NULL,
	`resource` text NOT NULL,
	`cursor_field` text NOT NULL,
	`high_water` text,
	`last_full_run_id` integer,
	`last_id_listing_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `resource`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sync_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`workspace_id` text NOT NULL,
	`resource` text NOT NULL,
	`klaviyo_id` text,
	`version_hash` text,
	`encoding` text NOT NULL,
	`sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`content` blob NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sync_snapshots_run_idx` ON `sync_snapshots` (`run_id`);--> statement-breakpoint
CREATE INDEX `sync_snapshots_item_idx` ON `sync_snapshots` (`workspace_id`,`klaviyo_id`);--> statement-breakpoint
CREATE TABLE `audit_findings` (
	`audit_run_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`area` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`finding_json` text NOT NULL,
	PRIMARY KEY(`audit_run_id`, `rule_id`),
	FOREIGN KEY (`audit_run_id`) REFERENCES `audit_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audit_findings_status_idx` ON `audit_findings` (`status`);--> statement-breakpoint
CREATE TABLE `audit_manual_answers` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`answers_json` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `audit_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`sync_run_id` integer,
	`evaluated_at` integer NOT NULL,
	`score` real NOT NULL,
	`coverage` real NOT NULL,
	`scored` integer NOT NULL,
	`pass_count` integer NOT NULL,
	`fail_count` integer NOT NULL,
	`unknown_count` integer NOT NULL,
	`critical_count` integer NOT NULL,
	`areas_json` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sync_run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_runs_workspace_idx` ON `audit_runs` (`workspace_id`,`evaluated_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `audit_runs_sync_run` ON `audit_runs` (`workspace_id`,`sync_run_id`);--> statement-breakpoint
CREATE TABLE `performance_figures` (
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`fetched_at` integer NOT NULL,
	`figures_json` text NOT NULL,
	PRIMARY KEY(`workspace_id`, `kind`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reporting_budget` (
	`account_key` text NOT NULL,
	`day` text NOT NULL,
	`spent` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_key`, `day`)
);
