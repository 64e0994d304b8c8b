CREATE TABLE "request_signers" (
	"id" text PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"signer_id" text NOT NULL,
	"position" integer NOT NULL,
	"step" integer NOT NULL,
	"token_hash" text NOT NULL,
	"status" text NOT NULL,
	"opened_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"declined_at" timestamp with time zone,
	"decline_reason" text
);
--> statement-breakpoint
DROP INDEX "signature_records_request_idx";--> statement-breakpoint
ALTER TABLE "signing_requests" ALTER COLUMN "token_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "signing_requests" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "signing_requests" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "signing_requests" ADD COLUMN "previous_request_id" text;--> statement-breakpoint
ALTER TABLE "request_signers" ADD CONSTRAINT "request_signers_request_id_signing_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."signing_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_signers" ADD CONSTRAINT "request_signers_signer_id_signers_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."signers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "request_signers_token_hash_idx" ON "request_signers" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "request_signers_request_signer_idx" ON "request_signers" USING btree ("request_id","signer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_signers_request_position_idx" ON "request_signers" USING btree ("request_id","position");--> statement-breakpoint
CREATE INDEX "request_signers_signer_idx" ON "request_signers" USING btree ("signer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_records_request_signer_idx" ON "signature_records" USING btree ("request_id","signer_id");--> statement-breakpoint
CREATE INDEX "signature_records_request_idx" ON "signature_records" USING btree ("request_id");--> statement-breakpoint
-- Every request written before had exactly one signer and one link: it becomes that signer's place
-- (same id as the request, so its matching code stays the same), and the request row stops
-- carrying the link.
INSERT INTO "request_signers" ("id", "request_id", "signer_id", "position", "step", "token_hash", "status", "opened_at", "signed_at", "declined_at", "decline_reason")
SELECT "id", "id", "signer_id", 0, 1, "token_hash",
  CASE WHEN "status" IN ('signed', 'declined') THEN "status" WHEN "opened_at" IS NOT NULL THEN 'opened' ELSE 'pending' END,
  "opened_at", "signed_at", "declined_at", "decline_reason"
FROM "signing_requests";--> statement-breakpoint
UPDATE "signing_requests" SET "token_hash" = NULL;
