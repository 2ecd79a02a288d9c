CREATE TABLE "hostaway"."webhook_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" bigint NOT NULL,
	"event" text NOT NULL,
	"object_id" bigint,
	"status" text NOT NULL,
	"outcome" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hostaway"."accounts" ADD COLUMN "webhook_login" text;--> statement-breakpoint
ALTER TABLE "hostaway"."accounts" ADD COLUMN "webhook_password_hash" text;--> statement-breakpoint
ALTER TABLE "hostaway"."accounts" ADD COLUMN "webhook_id" bigint;--> statement-breakpoint
ALTER TABLE "hostaway"."accounts" ADD COLUMN "webhook_url" text;--> statement-breakpoint
ALTER TABLE "hostaway"."webhook_events" ADD CONSTRAINT "webhook_events_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_events_received_idx" ON "hostaway"."webhook_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "webhook_events_open_idx" ON "hostaway"."webhook_events" USING btree ("status","next_attempt_at") WHERE status IN ('pending', 'failed');