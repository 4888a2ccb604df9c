-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN "stoppedFromMonth" TEXT,
ADD COLUMN "stoppedAt" TIMESTAMP(3),
ADD COLUMN "stopReason" TEXT;

-- AlterTable
ALTER TABLE "Employee" ADD COLUMN "mergedIntoId" TEXT;

-- AlterTable
ALTER TABLE "PolicyVersion" ADD COLUMN "supersededById" TEXT;

-- A superseded version no longer counts: only versions in force must not share a start date.
DROP INDEX "PolicyVersion_key_start_key";
CREATE UNIQUE INDEX "PolicyVersion_key_start_key" ON "PolicyVersion"("cityCode", "insuranceType", COALESCE("industryClass", 0), "effectiveFrom") WHERE "supersededById" IS NULL;

-- CreateTable
CREATE TABLE "CleanupRun" (
    "month" CHAR(7) NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "CleanupRun_pkey" PRIMARY KEY ("month")
);

-- CreateTable
CREATE TABLE "CleanupFinding" (
    "id" TEXT NOT NULL,
    "month" CHAR(7) NOT NULL,
    "kind" TEXT NOT NULL,
    "employeeIds" TEXT[],
    "detail" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL,
    "action" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,

    CONSTRAINT "CleanupFinding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CleanupFinding_month_kind_idx" ON "CleanupFinding"("month", "kind");

-- CreateTable
CREATE TABLE "EmployeeMerge" (
    "id" TEXT NOT NULL,
    "findingId" TEXT NOT NULL,
    "keptEmployeeId" TEXT NOT NULL,
    "mergedEmployeeId" TEXT NOT NULL,
    "mergedBy" TEXT NOT NULL,
    "before" JSONB NOT NULL,
    "mergedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmployeeMerge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmployeeMerge_findingId_mergedEmployeeId_key" ON "EmployeeMerge"("findingId", "mergedEmployeeId");

-- CreateTable
CREATE TABLE "PolicyFeedSync" (
    "id" TEXT NOT NULL,
    "feedVersion" INTEGER NOT NULL,
    "publishedAt" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "problems" JSONB NOT NULL DEFAULT '[]',
    "proposals" INTEGER NOT NULL DEFAULT 0,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyFeedSync_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyProposal" (
    "id" TEXT NOT NULL,
    "cityCode" TEXT NOT NULL,
    "insuranceType" TEXT NOT NULL,
    "industryClass" INTEGER,
    "effectiveFrom" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "terms" JSONB NOT NULL,
    "changes" JSONB NOT NULL,
    "currentVersionId" TEXT,
    "feedSyncId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "reason" TEXT,
    "policyVersionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyProposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PolicyProposal_status_idx" ON "PolicyProposal"("status");
