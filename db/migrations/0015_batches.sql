CREATE TABLE "batch_documents" (
	"request_id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"position" integer NOT NULL,
	"priority" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batch_signers" (
	"id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"signer_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text
);
--> statement-breakpoint
ALTER TABLE "batch_documents" ADD CONSTRAINT "batch_documents_request_id_signing_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."signing_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_documents" ADD CONSTRAINT "batch_documents_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_signers" ADD CONSTRAINT "batch_signers_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_signers" ADD CONSTRAINT "batch_signers_signer_id_signers_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."signers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "batch_documents_batch_idx" ON "batch_documents" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "batch_signers_token_hash_idx" ON "batch_signers" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "batch_signers_batch_signer_idx" ON "batch_signers" USING btree ("batch_id","signer_id");--> statement-breakpoint
CREATE INDEX "batches_created_at_idx" ON "batches" USING btree ("created_at");