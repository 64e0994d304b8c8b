ALTER TABLE "staff_users" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "time_zone" text;