CREATE TABLE `item_sizes` (
	`workspace_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`klaviyo_id` text NOT NULL,
	`profile_count` integer NOT NULL,
	`observed_at` integer NOT NULL,
	`item_updated` text,
	PRIMARY KEY(`workspace_id`, `resource_type`, `klaviyo_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `size_refreshes` (
	`sync_run_id` integer PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`asked` integer DEFAULT 0 NOT NULL,
	`carried` integer DEFAULT 0 NOT NULL,
	`remaining` integer DEFAULT 0 NOT NULL,
	`throttled` integer DEFAULT 0 NOT NULL,
	`error_json` text,
	FOREIGN KEY (`sync_run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `item_sizes` (`workspace_id`, `resource_type`, `klaviyo_id`, `profile_count`, `observed_at`, `item_updated`)
SELECT i.`workspace_id`, i.`resource_type`, i.`klaviyo_id`, CAST(json_extract(i.`attributes_json`, '$.profile_count') AS integer),
  coalesce(r.`finished_at`, r.`started_at`, 0), i.`updated_at`
FROM `inventory_items` i LEFT JOIN `sync_runs` r ON r.`id` = i.`last_seen_run_id`
WHERE i.`resource_type` IN ('lists', 'segments') AND i.`removed_at` IS NULL
  AND json_type(i.`attributes_json`, '$.profile_count') = 'integer';
