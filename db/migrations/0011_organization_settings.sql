CREATE TABLE "organization_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text,
	CONSTRAINT "organization_settings_single_row" CHECK ("organization_settings"."id" = 'default')
);
