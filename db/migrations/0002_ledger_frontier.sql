ALTER TABLE "ledger_head" ADD COLUMN "frontier" text;--> statement-breakpoint
ALTER TABLE "ledger_head" ADD COLUMN "frontier_size" bigint;