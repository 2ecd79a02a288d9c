CREATE TABLE "hostaway"."rate_pools" (
	"pool" text PRIMARY KEY NOT NULL,
	"paused_until" timestamp with time zone,
	"granted" bigint DEFAULT 0 NOT NULL,
	"rate_limited" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hostaway"."rate_slots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pool" text NOT NULL,
	"account_id" bigint,
	"priority" smallint NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hostaway"."rate_waiters" (
	"pool" text NOT NULL,
	"holder" text NOT NULL,
	"priority" smallint NOT NULL,
	"waiting" smallint NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_waiters_pool_holder_pk" PRIMARY KEY("pool","holder")
);
--> statement-breakpoint
CREATE TABLE "hostaway"."thread_failures" (
	"account_id" bigint NOT NULL,
	"conversation_id" bigint NOT NULL,
	"conversation" jsonb NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"last_error" text NOT NULL,
	"first_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "thread_failures_account_id_conversation_id_pk" PRIMARY KEY("account_id","conversation_id")
);
--> statement-breakpoint
ALTER TABLE "hostaway"."accounts" ADD COLUMN "egress_pool" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "hostaway"."accounts" ADD COLUMN "incremental_due_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "hostaway"."accounts" ADD COLUMN "reconcile_due_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "hostaway"."messages" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hostaway"."sync_state" ADD COLUMN "last_reconcile_success_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hostaway"."thread_failures" ADD CONSTRAINT "thread_failures_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rate_slots_pool_granted_idx" ON "hostaway"."rate_slots" USING btree ("pool","granted_at");--> statement-breakpoint
CREATE INDEX "rate_slots_account_granted_idx" ON "hostaway"."rate_slots" USING btree ("account_id","granted_at");--> statement-breakpoint
CREATE INDEX "accounts_pool_incremental_due_idx" ON "hostaway"."accounts" USING btree ("egress_pool","incremental_due_at");--> statement-breakpoint
CREATE INDEX "accounts_pool_reconcile_due_idx" ON "hostaway"."accounts" USING btree ("egress_pool","reconcile_due_at");--> statement-breakpoint
CREATE INDEX "messages_account_verified_idx" ON "hostaway"."messages" USING btree ("account_id","verified_at");