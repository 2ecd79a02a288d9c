CREATE TABLE "hostaway"."webhook_coverage" (
	"account_id" bigint NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"webhook_first" integer DEFAULT 0 NOT NULL,
	"poll_first" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "webhook_coverage_account_id_hour_pk" PRIMARY KEY("account_id","hour")
);
--> statement-breakpoint
ALTER TABLE "hostaway"."webhook_coverage" ADD CONSTRAINT "webhook_coverage_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;