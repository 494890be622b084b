-- CreateEnum
CREATE TYPE "RiskCategory" AS ENUM ('TECHNICAL', 'DATA_QUALITY', 'PRIVACY_SECURITY', 'FAIRNESS_ETHICS', 'LEGAL_IP', 'REGULATORY', 'MARKET', 'FINANCIAL', 'TALENT', 'OPERATIONAL', 'COMPUTE');

-- CreateEnum
CREATE TYPE "RiskResponse" AS ENUM ('AVOID', 'MITIGATE', 'TRANSFER', 'ACCEPT');

-- CreateEnum
CREATE TYPE "RiskStatus" AS ENUM ('IDENTIFIED', 'ASSESSED', 'MITIGATING', 'MONITORING', 'CLOSED');

-- CreateEnum
CREATE TYPE "RiskSource" AS ENUM ('MANUAL', 'FAIRNESS_AUDIT', 'BUDGET_FORECAST', 'MODEL_DRIFT', 'METRIC_DROP');

-- CreateEnum
CREATE TYPE "AiActTier" AS ENUM ('UNACCEPTABLE', 'HIGH', 'LIMITED', 'MINIMAL');

-- CreateEnum
CREATE TYPE "ComplianceFramework" AS ENUM ('EU_AI_ACT', 'GDPR', 'CCPA', 'IP_LICENSING', 'EXPORT_CONTROL', 'DATA_SHARING');

-- CreateEnum
CREATE TYPE "ComplianceStatus" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'BLOCKED', 'DONE', 'NOT_APPLICABLE');

-- CreateEnum
CREATE TYPE "FairnessAuditStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "FairnessVerdict" AS ENUM ('PASS', 'WARN', 'FAIL');

-- CreateTable
CREATE TABLE "Risk" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "category" "RiskCategory" NOT NULL,
    "likelihood" INTEGER NOT NULL,
    "impact" INTEGER NOT NULL,
    "response" "RiskResponse",
    "ownerId" TEXT,
    "reviewDate" DATE,
    "residualLikelihood" INTEGER,
    "residualImpact" INTEGER,
    "status" "RiskStatus" NOT NULL DEFAULT 'IDENTIFIED',
    "source" "RiskSource" NOT NULL DEFAULT 'MANUAL',
    "dedupeKey" TEXT,
    "evidence" JSONB,
    "fairnessAuditId" TEXT,
    "modelVersionId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Risk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskHistory" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "riskId" TEXT NOT NULL,
    "fromStatus" "RiskStatus",
    "toStatus" "RiskStatus" NOT NULL,
    "actorId" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectGovernance" (
    "projectId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "aiActTier" "AiActTier",
    "aiActRationale" TEXT NOT NULL DEFAULT '',
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectGovernance_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "ComplianceItem" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "framework" "ComplianceFramework" NOT NULL,
    "reference" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "ComplianceStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "ownerId" TEXT,
    "evidence" JSONB NOT NULL DEFAULT '[]',
    "dueDate" DATE,
    "notes" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ComplianceItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FairnessAudit" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "modelVersionId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'PREDICTIONS_UPLOAD',
    "fileName" TEXT NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "fileBytes" INTEGER NOT NULL,
    "fileRows" INTEGER,
    "artifactKey" TEXT,
    "input" BYTEA,
    "options" JSONB NOT NULL,
    "status" "FairnessAuditStatus" NOT NULL DEFAULT 'QUEUED',
    "verdict" "FairnessVerdict",
    "reasons" JSONB,
    "report" JSONB,
    "error" JSONB,
    "jobId" TEXT,
    "riskId" TEXT,
    "reviewerId" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewNote" TEXT,
    "reviewDecision" TEXT,
    "pdfKey" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "FairnessAudit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Risk_organizationId_projectId_status_idx" ON "Risk"("organizationId", "projectId", "status");

-- CreateIndex
CREATE INDEX "Risk_projectId_dedupeKey_idx" ON "Risk"("projectId", "dedupeKey");

-- CreateIndex
CREATE INDEX "RiskHistory_riskId_createdAt_idx" ON "RiskHistory"("riskId", "createdAt");

-- CreateIndex
CREATE INDEX "ProjectGovernance_organizationId_idx" ON "ProjectGovernance"("organizationId");

-- CreateIndex
CREATE INDEX "ComplianceItem_organizationId_idx" ON "ComplianceItem"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "ComplianceItem_projectId_itemId_key" ON "ComplianceItem"("projectId", "itemId");

-- CreateIndex
CREATE INDEX "FairnessAudit_organizationId_projectId_createdAt_idx" ON "FairnessAudit"("organizationId", "projectId", "createdAt");

-- AddForeignKey
ALTER TABLE "Risk" ADD CONSTRAINT "Risk_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Risk" ADD CONSTRAINT "Risk_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskHistory" ADD CONSTRAINT "RiskHistory_riskId_fkey" FOREIGN KEY ("riskId") REFERENCES "Risk"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectGovernance" ADD CONSTRAINT "ProjectGovernance_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplianceItem" ADD CONSTRAINT "ComplianceItem_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FairnessAudit" ADD CONSTRAINT "FairnessAudit_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
