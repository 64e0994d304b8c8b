CREATE TABLE "batch_record_items" (
	"record_id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"challenge" text NOT NULL,
	"item" text NOT NULL,
	"item_index" integer NOT NULL,
	"path" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "batch_record_items" ADD CONSTRAINT "batch_record_items_record_id_signature_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."signature_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_record_items" ADD CONSTRAINT "batch_record_items_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "batch_record_items_challenge_idx" ON "batch_record_items" USING btree ("challenge");