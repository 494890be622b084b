-- CreateEnum
CREATE TYPE "ComparisonWinner" AS ENUM ('CHALLENGER', 'CHAMPION', 'NO_CHAMPION', 'TIE');

-- AlterTable
ALTER TABLE "ModelAliasEvent" ADD COLUMN     "actorLabel" TEXT;

-- CreateTable
CREATE TABLE "ModelComparison" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "runId" TEXT,
    "challengerId" TEXT NOT NULL,
    "championId" TEXT,
    "datasetVersionId" TEXT,
    "testSplit" JSONB,
    "testRows" INTEGER,
    "metric" TEXT NOT NULL,
    "challengerValue" DOUBLE PRECISION,
    "championValue" DOUBLE PRECISION,
    "margin" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "winner" "ComparisonWinner",
    "challengerMetrics" JSONB,
    "championMetrics" JSONB,
    "autoPromote" BOOLEAN NOT NULL DEFAULT false,
    "promoted" BOOLEAN NOT NULL DEFAULT false,
    "decision" TEXT,
    "gateOk" BOOLEAN,
    "gateReasons" JSONB,
    "trigger" TEXT NOT NULL DEFAULT 'MANUAL',
    "requestedByUserId" TEXT,
    "jobRecordId" TEXT,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ModelComparison_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModelComparison_organizationId_projectId_createdAt_idx" ON "ModelComparison"("organizationId", "projectId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "ModelComparison_challengerId_createdAt_idx" ON "ModelComparison"("challengerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "ModelComparison_championId_idx" ON "ModelComparison"("championId");

-- CreateIndex
CREATE INDEX "ModelComparison_runId_idx" ON "ModelComparison"("runId");

-- AddForeignKey
ALTER TABLE "ModelComparison" ADD CONSTRAINT "ModelComparison_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelComparison" ADD CONSTRAINT "ModelComparison_challengerId_fkey" FOREIGN KEY ("challengerId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelComparison" ADD CONSTRAINT "ModelComparison_championId_fkey" FOREIGN KEY ("championId") REFERENCES "ModelVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;
