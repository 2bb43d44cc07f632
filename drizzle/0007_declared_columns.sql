ALTER TABLE `inventory_items` ADD `action_type` text;--> statement-breakpoint
ALTER TABLE `inventory_items` ADD `columns_json` text;