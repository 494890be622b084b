-- CreateEnum
CREATE TYPE "RetrainTriggerKind" AS ENUM ('DATASET_VERSION', 'METRIC_THRESHOLD', 'DRIFT', 'SATISFACTION');

-- CreateTable
CREATE TABLE "RetrainTrigger" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "RetrainTriggerKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "config" JSONB NOT NULL,
    "cooldownMinutes" INTEGER NOT NULL DEFAULT 0,
    "lastFiredAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetrainTrigger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetrainTriggerCheck" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "evidenceKey" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "score" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION,
    "detail" JSONB,
    "launchStatus" TEXT,
    "retrainEventId" TEXT,
    "runId" TEXT,
    "riskId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetrainTriggerCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelMetricObservation" (
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "modelVersionId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "observedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelMetricObservation_pkey" PRIMARY KEY ("modelVersionId","metric","observedAt")
);

-- CreateIndex
CREATE INDEX "RetrainTrigger_organizationId_projectId_createdAt_idx" ON "RetrainTrigger"("organizationId", "projectId", "createdAt");

-- CreateIndex
CREATE INDEX "RetrainTrigger_projectId_kind_enabled_idx" ON "RetrainTrigger"("projectId", "kind", "enabled");

-- CreateIndex
CREATE UNIQUE INDEX "RetrainTrigger_projectId_name_key" ON "RetrainTrigger"("projectId", "name");

-- CreateIndex
CREATE INDEX "RetrainTriggerCheck_triggerId_createdAt_idx" ON "RetrainTriggerCheck"("triggerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "RetrainTriggerCheck_organizationId_createdAt_idx" ON "RetrainTriggerCheck"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RetrainTriggerCheck_triggerId_evidenceKey_key" ON "RetrainTriggerCheck"("triggerId", "evidenceKey");

-- CreateIndex
CREATE INDEX "ModelMetricObservation_projectId_observedAt_idx" ON "ModelMetricObservation"("projectId", "observedAt");

-- AddForeignKey
ALTER TABLE "RetrainTrigger" ADD CONSTRAINT "RetrainTrigger_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrainTriggerCheck" ADD CONSTRAINT "RetrainTriggerCheck_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "RetrainTrigger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelMetricObservation" ADD CONSTRAINT "ModelMetricObservation_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
