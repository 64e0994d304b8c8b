CREATE TABLE "operations" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"outcome" text NOT NULL,
	"error_code" text,
	"ip" text,
	"user_agent" text,
	"request_id" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "operations_at_idx" ON "operations" USING btree ("at","id");--> statement-breakpoint
CREATE INDEX "operations_actor_idx" ON "operations" USING btree ("actor_kind","actor_id","at");--> statement-breakpoint
CREATE INDEX "operations_action_idx" ON "operations" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "operations_target_idx" ON "operations" USING btree ("target_type","target_id","at");--> statement-breakpoint
CREATE INDEX "operations_outcome_idx" ON "operations" USING btree ("outcome","at");