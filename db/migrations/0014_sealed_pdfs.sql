CREATE TABLE "sealed_pdfs" (
	"request_id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"sha256" text,
	"size" bigint,
	"kind" text,
	"fallback" text,
	"signatures" integer,
	"error_code" text,
	"error_message" text,
	"attempts" integer NOT NULL,
	"sealed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sealed_pdfs" ADD CONSTRAINT "sealed_pdfs_request_id_signing_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."signing_requests"("id") ON DELETE no action ON UPDATE no action;