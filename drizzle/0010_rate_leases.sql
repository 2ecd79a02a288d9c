CREATE TABLE "hostaway"."rate_accounts" (
	"account_id" bigint PRIMARY KEY NOT NULL,
	"paused_until" timestamp with time zone,
	"rate_limited" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hostaway"."rate_leases" (
	"scope" text NOT NULL,
	"holder" text NOT NULL,
	"priority" smallint NOT NULL,
	"wanted" integer NOT NULL,
	"share" integer NOT NULL,
	"extra" integer DEFAULT 0 NOT NULL,
	"extra_until" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"counts_until" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_leases_scope_holder_pk" PRIMARY KEY("scope","holder")
);
--> statement-breakpoint
DROP TABLE "hostaway"."rate_slots" CASCADE;--> statement-breakpoint
DROP TABLE "hostaway"."rate_waiters" CASCADE;--> statement-breakpoint
ALTER TABLE "hostaway"."rate_pools" ADD COLUMN "last_refused_account" bigint;--> statement-breakpoint
ALTER TABLE "hostaway"."rate_pools" ADD COLUMN "last_refused_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "rate_leases_counts_until_idx" ON "hostaway"."rate_leases" USING btree ("counts_until");