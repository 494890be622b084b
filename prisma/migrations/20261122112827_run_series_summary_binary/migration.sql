-- Hand-written: summaries are derived data (recomputed on the next read of each finished run),
-- and the new NOT NULL columns need an empty table.
DELETE FROM "RunSeriesSummary";

-- AlterTable
ALTER TABLE "RunSeriesSummary" DROP COLUMN "points",
ADD COLUMN     "steps" BYTEA NOT NULL,
ADD COLUMN     "values" BYTEA NOT NULL;
