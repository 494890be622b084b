-- CreateEnum
CREATE TYPE "RetrainCatchUp" AS ENUM ('SKIP', 'RUN_ONCE', 'RUN_ALL');

-- CreateEnum
CREATE TYPE "RetrainEventStatus" AS ENUM ('STARTED', 'SKIPPED', 'DUPLICATE', 'FAILED');

-- AlterTable
ALTER TABLE "TrainingRun" ADD COLUMN     "championModelVersionId" TEXT,
ADD COLUMN     "retrainEventId" TEXT;

-- CreateTable
CREATE TABLE "RetrainPolicy" (
    "projectId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "maxConcurrent" INTEGER NOT NULL DEFAULT 1,
    "autoPromote" BOOLEAN NOT NULL DEFAULT false,
    "promoteMargin" DOUBLE PRECISION NOT NULL DEFAULT 0.01,
    "compareMetric" TEXT,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetrainPolicy_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "RetrainSchedule" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "catchUp" "RetrainCatchUp" NOT NULL DEFAULT 'SKIP',
    "templateRunId" TEXT,
    "datasetId" TEXT,
    "lastFiredAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetrainSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetrainEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "scheduleId" TEXT,
    "triggerId" TEXT,
    "cause" JSONB NOT NULL,
    "causeKind" TEXT NOT NULL,
    "status" "RetrainEventStatus" NOT NULL,
    "message" TEXT NOT NULL,
    "runId" TEXT,
    "dedupeKey" TEXT,
    "duplicateOfId" TEXT,
    "scheduledFor" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetrainEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RetrainPolicy_organizationId_idx" ON "RetrainPolicy"("organizationId");

-- CreateIndex
CREATE INDEX "RetrainSchedule_organizationId_createdAt_id_idx" ON "RetrainSchedule"("organizationId", "createdAt" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "RetrainSchedule_projectId_name_key" ON "RetrainSchedule"("projectId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "RetrainEvent_runId_key" ON "RetrainEvent"("runId");

-- CreateIndex
CREATE INDEX "RetrainEvent_projectId_createdAt_id_idx" ON "RetrainEvent"("projectId", "createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "RetrainEvent_organizationId_createdAt_id_idx" ON "RetrainEvent"("organizationId", "createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "RetrainEvent_scheduleId_createdAt_idx" ON "RetrainEvent"("scheduleId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "RetrainEvent_triggerId_createdAt_idx" ON "RetrainEvent"("triggerId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "RetrainEvent_projectId_dedupeKey_key" ON "RetrainEvent"("projectId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "TrainingRun_retrainEventId_key" ON "TrainingRun"("retrainEventId");

-- AddForeignKey
ALTER TABLE "TrainingRun" ADD CONSTRAINT "TrainingRun_retrainEventId_fkey" FOREIGN KEY ("retrainEventId") REFERENCES "RetrainEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingRun" ADD CONSTRAINT "TrainingRun_championModelVersionId_fkey" FOREIGN KEY ("championModelVersionId") REFERENCES "ModelVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrainPolicy" ADD CONSTRAINT "RetrainPolicy_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrainSchedule" ADD CONSTRAINT "RetrainSchedule_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrainSchedule" ADD CONSTRAINT "RetrainSchedule_templateRunId_fkey" FOREIGN KEY ("templateRunId") REFERENCES "TrainingRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrainSchedule" ADD CONSTRAINT "RetrainSchedule_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrainEvent" ADD CONSTRAINT "RetrainEvent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrainEvent" ADD CONSTRAINT "RetrainEvent_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "RetrainSchedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrainEvent" ADD CONSTRAINT "RetrainEvent_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TrainingRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;
