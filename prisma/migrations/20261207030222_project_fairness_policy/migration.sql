-- CreateTable
CREATE TABLE "ProjectFairnessPolicy" (
    "projectId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "tau" DOUBLE PRECISION NOT NULL DEFAULT 0.8,
    "parityMetrics" TEXT[] DEFAULT ARRAY['pprev', 'tpr']::TEXT[],
    "maxDemographicParityDifference" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "maxEqualizedOddsDifference" DOUBLE PRECISION NOT NULL DEFAULT 0.2,
    "warnMargin" DOUBLE PRECISION NOT NULL DEFAULT 0.2,
    "minGroupRows" INTEGER NOT NULL DEFAULT 30,
    "requiredSensitive" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectFairnessPolicy_pkey" PRIMARY KEY ("projectId")
);

-- CreateIndex
CREATE INDEX "ProjectFairnessPolicy_organizationId_idx" ON "ProjectFairnessPolicy"("organizationId");

-- AddForeignKey
ALTER TABLE "ProjectFairnessPolicy" ADD CONSTRAINT "ProjectFairnessPolicy_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
