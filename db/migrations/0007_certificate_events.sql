CREATE TABLE "certificate_events" (
	"id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"certificate_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"revocation_reason" text,
	"revoked_at" timestamp with time zone,
	"ledger_index" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificate_events" ADD CONSTRAINT "certificate_events_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_events_certificate_idx" ON "certificate_events" USING btree ("certificate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_events_ledger_idx" ON "certificate_events" USING btree ("ledger_index");