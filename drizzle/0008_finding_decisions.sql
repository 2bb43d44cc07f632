CREATE TABLE `finding_alerts` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`keys_json` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `finding_decisions` (
	`workspace_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`item_key` text DEFAULT '' NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`snooze_until` integer,
	`state_by` text,
	`state_at` integer,
	`note` text,
	`note_by` text,
	`note_at` integer,
	PRIMARY KEY(`workspace_id`, `rule_id`, `item_key`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
