CREATE TABLE "certificate_reminders" (
	"certificate_id" text NOT NULL,
	"threshold" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "certificate_reminders_certificate_id_threshold_pk" PRIMARY KEY("certificate_id","threshold")
);
--> statement-breakpoint
CREATE TABLE "certificate_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"csr_pem" text NOT NULL,
	"subject" text NOT NULL,
	"encrypted_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"certificate_id" text
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" text PRIMARY KEY NOT NULL,
	"role" text NOT NULL,
	"source" text NOT NULL,
	"der" text NOT NULL,
	"chain" text,
	"encrypted_key" text,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"serial" text NOT NULL,
	"fingerprint" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"activated_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text
);
--> statement-breakpoint
CREATE TABLE "record_countersignatures" (
	"record_id" text PRIMARY KEY NOT NULL,
	"certificate_id" text NOT NULL,
	"payload" text NOT NULL,
	"cms" text NOT NULL,
	"timestamp" text NOT NULL,
	"gen_time" timestamp with time zone NOT NULL,
	"signing_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificate_reminders" ADD CONSTRAINT "certificate_reminders_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_requests" ADD CONSTRAINT "certificate_requests_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_countersignatures" ADD CONSTRAINT "record_countersignatures_record_id_signature_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."signature_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_countersignatures" ADD CONSTRAINT "record_countersignatures_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_fingerprint_idx" ON "certificates" USING btree ("fingerprint");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_active_role_idx" ON "certificates" USING btree ("role") WHERE "certificates"."status" = 'active';--> statement-breakpoint
CREATE INDEX "record_countersignatures_certificate_idx" ON "record_countersignatures" USING btree ("certificate_id");