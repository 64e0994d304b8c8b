CREATE INDEX "documents_sha256_prefix_idx" ON "documents" USING btree ("sha256" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "signers_display_name_trgm_idx" ON "signers" USING gin ("display_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "signers_email_trgm_idx" ON "signers" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "signing_requests_created_id_idx" ON "signing_requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "signing_requests_signed_id_idx" ON "signing_requests" USING btree (coalesce("signed_at", to_timestamp(0)),"id");--> statement-breakpoint
CREATE INDEX "signing_requests_title_id_idx" ON "signing_requests" USING btree ("title","id");--> statement-breakpoint
CREATE INDEX "signing_requests_type_created_idx" ON "signing_requests" USING btree ("document_type","created_at","id");--> statement-breakpoint
CREATE INDEX "signing_requests_status_created_idx" ON "signing_requests" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "signing_requests_title_trgm_idx" ON "signing_requests" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "request_notes_body_trgm_idx" ON "request_notes" USING gin ("body" gin_trgm_ops);