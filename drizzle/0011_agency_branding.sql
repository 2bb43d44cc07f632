CREATE TABLE `agency_branding` (
	`id` integer PRIMARY KEY NOT NULL,
	`agency_name` text,
	`prepared_by` text,
	`accent_color` text,
	`logo_mime` text,
	`logo_data` blob,
	`updated_at` integer NOT NULL
);
