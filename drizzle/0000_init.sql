CREATE SCHEMA IF NOT EXISTS "hostaway";
--> statement-breakpoint
CREATE TABLE "hostaway"."accounts" (
	"account_id" bigint PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"client_secret" text NOT NULL,
	"access_token" text,
	"access_token_expires_at" timestamp with time zone,
	"is_active" boolean DEFAULT true NOT NULL,
	"last_sync_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hostaway"."listings" (
	"account_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"customer_id" uuid NOT NULL,
	"raw_payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "listings_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "hostaway"."messages" (
	"account_id" bigint NOT NULL,
	"conversation_id" bigint NOT NULL,
	"customer_id" uuid NOT NULL,
	"reservation_id" bigint,
	"listing_id" bigint,
	"raw_conversation" jsonb NOT NULL,
	"raw_messages" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "messages_account_id_conversation_id_pk" PRIMARY KEY("account_id","conversation_id")
);
--> statement-breakpoint
CREATE TABLE "hostaway"."reservations" (
	"account_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"customer_id" uuid NOT NULL,
	"listing_id" bigint,
	"raw_payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "reservations_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "hostaway"."sync_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" bigint NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"api_requests" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "hostaway"."sync_state" (
	"account_id" bigint NOT NULL,
	"resource" text NOT NULL,
	"cursor" jsonb,
	"last_full_success_at" timestamp with time zone,
	"last_incremental_success_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_state_account_id_resource_pk" PRIMARY KEY("account_id","resource")
);
--> statement-breakpoint
ALTER TABLE "hostaway"."listings" ADD CONSTRAINT "listings_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hostaway"."messages" ADD CONSTRAINT "messages_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hostaway"."reservations" ADD CONSTRAINT "reservations_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hostaway"."sync_runs" ADD CONSTRAINT "sync_runs_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hostaway"."sync_state" ADD CONSTRAINT "sync_state_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_account_reservation_idx" ON "hostaway"."messages" USING btree ("account_id","reservation_id");--> statement-breakpoint
CREATE INDEX "reservations_account_listing_idx" ON "hostaway"."reservations" USING btree ("account_id","listing_id");--> statement-breakpoint
CREATE INDEX "sync_runs_account_started_idx" ON "hostaway"."sync_runs" USING btree ("account_id","started_at" DESC NULLS LAST);