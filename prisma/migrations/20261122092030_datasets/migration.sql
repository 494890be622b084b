-- CreateEnum
CREATE TYPE "DatasetFormat" AS ENUM ('CSV', 'JSONL', 'IDX');

-- CreateEnum
CREATE TYPE "DatasetProfileStatus" AS ENUM ('PENDING', 'RUNNING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "DatasetSource" AS ENUM ('PUBLIC', 'PRIVATE', 'PURCHASED', 'PARTNER');

-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetVersion" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "format" "DatasetFormat" NOT NULL,
    "fileName" TEXT NOT NULL,
    "artifactKey" TEXT NOT NULL,
    "targetColumn" TEXT,
    "rowCount" INTEGER,
    "columns" JSONB,
    "profile" JSONB,
    "profileStatus" "DatasetProfileStatus" NOT NULL DEFAULT 'PENDING',
    "profileError" TEXT,
    "profiledAt" TIMESTAMP(3),
    "source" "DatasetSource" NOT NULL DEFAULT 'PRIVATE',
    "licence" TEXT NOT NULL DEFAULT '',
    "containsPersonalData" BOOLEAN NOT NULL DEFAULT false,
    "anonymised" BOOLEAN NOT NULL DEFAULT false,
    "legalBasis" TEXT NOT NULL DEFAULT '',
    "retentionDays" INTEGER,
    "retentionUntil" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DatasetVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Dataset_organizationId_projectId_createdAt_id_idx" ON "Dataset"("organizationId", "projectId", "createdAt" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_projectId_name_key" ON "Dataset"("projectId", "name");

-- CreateIndex
CREATE INDEX "DatasetVersion_datasetId_createdAt_id_idx" ON "DatasetVersion"("datasetId", "createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "DatasetVersion_organizationId_createdAt_idx" ON "DatasetVersion"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersion_datasetId_contentHash_key" ON "DatasetVersion"("datasetId", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersion_datasetId_version_key" ON "DatasetVersion"("datasetId", "version");

-- AddForeignKey
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetVersion" ADD CONSTRAINT "DatasetVersion_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetVersion" ADD CONSTRAINT "DatasetVersion_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
