-- CreateTable
CREATE TABLE "Company" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "industryClass" INTEGER NOT NULL,
    "hireCutoffDay" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Company_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Company_industryClass_check" CHECK ("industryClass" BETWEEN 1 AND 8),
    CONSTRAINT "Company_hireCutoffDay_check" CHECK ("hireCutoffDay" IS NULL OR "hireCutoffDay" BETWEEN 1 AND 31)
);

-- The employer every existing employee belongs to; its name and industry class can be changed later.
INSERT INTO "Company" ("id", "name", "industryClass") VALUES ('default', '本单位', 1);

-- AlterTable
ALTER TABLE "Employee" ADD COLUMN "companyId" TEXT NOT NULL DEFAULT 'default';

-- CreateIndex
CREATE INDEX "Employee_companyId_id_idx" ON "Employee"("companyId", "id");

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "id" TEXT NOT NULL,
    "cityCode" TEXT NOT NULL,
    "insuranceType" TEXT NOT NULL,
    "industryClass" INTEGER,
    "effectiveFrom" DATE NOT NULL,
    "effectiveTo" DATE,
    "employerRatePercent" DECIMAL(7,4) NOT NULL,
    "employeeRatePercent" DECIMAL(7,4) NOT NULL,
    "baseFloor" DECIMAL(12,2) NOT NULL,
    "baseCap" DECIMAL(12,2) NOT NULL,
    "roundingScale" INTEGER NOT NULL,
    "roundingMode" TEXT NOT NULL,
    "hireCutoffDay" INTEGER NOT NULL,
    "hireOnOrBefore" TEXT NOT NULL,
    "hireAfter" TEXT NOT NULL,
    "leaveCutoffDay" INTEGER NOT NULL,
    "leaveOnOrBefore" TEXT NOT NULL,
    "leaveAfter" TEXT NOT NULL,
    "baseSwitchMonth" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "illustrative" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyVersion_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PolicyVersion_rates_check" CHECK ("employerRatePercent" BETWEEN 0 AND 100 AND "employeeRatePercent" BETWEEN 0 AND 100),
    CONSTRAINT "PolicyVersion_limits_check" CHECK ("baseFloor" > 0 AND "baseFloor" <= "baseCap"),
    CONSTRAINT "PolicyVersion_range_check" CHECK ("effectiveTo" IS NULL OR "effectiveTo" >= "effectiveFrom")
);

-- CreateIndex
CREATE INDEX "PolicyVersion_cityCode_insuranceType_idx" ON "PolicyVersion"("cityCode", "insuranceType");
-- Two versions of one key never start on the same day (NULL industry classes compare equal here).
CREATE UNIQUE INDEX "PolicyVersion_key_start_key" ON "PolicyVersion"("cityCode", "insuranceType", COALESCE("industryClass", 0), "effectiveFrom");

-- CreateTable
CREATE TABLE "FeedImport" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "fileName" TEXT,
    "rowCount" INTEGER NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayrollEntry" (
    "id" BIGSERIAL NOT NULL,
    "employeeId" TEXT NOT NULL,
    "month" CHAR(7) NOT NULL,
    "grossPay" DECIMAL(12,2) NOT NULL,
    "netPay" DECIMAL(12,2) NOT NULL,
    "importId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PayrollEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PayrollEntry_employeeId_month_key" ON "PayrollEntry"("employeeId", "month");

-- CreateTable
CREATE TABLE "AttendanceEvent" (
    "id" BIGSERIAL NOT NULL,
    "employeeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "importId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttendanceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceEvent_employeeId_kind_date_key" ON "AttendanceEvent"("employeeId", "kind", "date");

-- CreateTable
CREATE TABLE "ContributionRun" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "month" CHAR(7) NOT NULL,
    "status" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "employeeCount" INTEGER NOT NULL DEFAULT 0,
    "lineCount" INTEGER NOT NULL DEFAULT 0,
    "skipped" JSONB NOT NULL DEFAULT '[]',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "computedAt" TIMESTAMP(3),
    "finalizedAt" TIMESTAMP(3),
    "finalizedBy" TEXT,

    CONSTRAINT "ContributionRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ContributionRun_companyId_month_key" ON "ContributionRun"("companyId", "month");

-- CreateTable
CREATE TABLE "ContributionBase" (
    "runId" TEXT NOT NULL,
    "employeeId" TEXT NOT NULL,
    "cityCode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "rawBase" DECIMAL(12,2),
    "method" TEXT,
    "referenceYear" INTEGER,
    "payrollTotal" DECIMAL(14,2) NOT NULL,
    "payrollMonths" INTEGER NOT NULL,
    "payrollEntryIds" BIGINT[],
    "share" TEXT NOT NULL,
    "fraction" DECIMAL(3,2) NOT NULL,

    CONSTRAINT "ContributionBase_pkey" PRIMARY KEY ("runId","employeeId")
);

-- CreateIndex
CREATE INDEX "ContributionBase_runId_status_idx" ON "ContributionBase"("runId", "status");

-- CreateTable
CREATE TABLE "ContributionLine" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "month" CHAR(7) NOT NULL,
    "employeeId" TEXT NOT NULL,
    "insuranceType" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "base" DECIMAL(12,2) NOT NULL,
    "employerAmount" DECIMAL(12,2) NOT NULL,
    "employeeAmount" DECIMAL(12,2) NOT NULL,
    "policyVersionId" TEXT NOT NULL,
    "adjustmentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContributionLine_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ContributionLine_amounts_check" CHECK ("employerAmount" >= 0 AND "employeeAmount" >= 0)
);

-- CreateIndex
CREATE INDEX "ContributionLine_runId_employeeId_idx" ON "ContributionLine"("runId", "employeeId");

-- CreateTable
CREATE TABLE "ContributionAdjustment" (
    "id" TEXT NOT NULL,
    "policyVersionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "months" TEXT[],
    "lineCount" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "ContributionAdjustment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ContributionAdjustment_policyVersionId_key" ON "ContributionAdjustment"("policyVersionId");

-- AddForeignKey
ALTER TABLE "Employee" ADD CONSTRAINT "Employee_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContributionRun" ADD CONSTRAINT "ContributionRun_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
