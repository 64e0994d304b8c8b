CREATE TABLE "backups" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"file" text,
	"bytes" bigint,
	"blobs" integer,
	"error" text
);
