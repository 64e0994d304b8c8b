-- The operation log is append-only for the application: no code path updates or
-- deletes it, and the database refuses to, whoever asks. Rows leave only when an operator drops
-- the trigger on purpose (for example to apply a retention policy), which is itself visible.
CREATE OR REPLACE FUNCTION signet_operations_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the operation log is append-only: % on operations is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS operations_no_update_delete ON operations;
--> statement-breakpoint
CREATE TRIGGER operations_no_update_delete BEFORE UPDATE OR DELETE ON operations
  FOR EACH ROW EXECUTE FUNCTION signet_operations_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS operations_no_truncate ON operations;
--> statement-breakpoint
CREATE TRIGGER operations_no_truncate BEFORE TRUNCATE ON operations
  FOR EACH STATEMENT EXECUTE FUNCTION signet_operations_append_only();
