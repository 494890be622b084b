-- CreateTable
CREATE TABLE "RunSeriesSummary" (
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "lastStep" INTEGER NOT NULL,
    "lastValue" DOUBLE PRECISION NOT NULL,
    "resolution" INTEGER NOT NULL,
    "points" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunSeriesSummary_pkey" PRIMARY KEY ("runId","key")
);

-- AddForeignKey
ALTER TABLE "RunSeriesSummary" ADD CONSTRAINT "RunSeriesSummary_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TrainingRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: points added to a run after its series were summarised delete that run's summaries
-- (one statement-level trigger with a transition table, so a 20,000-point INSERT costs one DELETE,
-- and a resent batch that inserts nothing (ON CONFLICT DO NOTHING) invalidates nothing).
-- The body is an E-string with \073 for each semicolon: @prisma/adapter-pg applies a migration by
-- splitting it on every semicolon, dollar quotes included.
CREATE FUNCTION "RunMetric_invalidate_series_summary"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN DELETE FROM "RunSeriesSummary" WHERE "runId" IN (SELECT DISTINCT "runId" FROM new_points)\073 RETURN NULL\073 END';

CREATE TRIGGER "RunMetric_invalidate_series_summary"
  AFTER INSERT ON "RunMetric"
  REFERENCING NEW TABLE AS new_points
  FOR EACH STATEMENT EXECUTE FUNCTION "RunMetric_invalidate_series_summary"();
