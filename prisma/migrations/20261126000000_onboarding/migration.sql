-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "EmployeeStatus" AS ENUM ('ONBOARDING', 'ACTIVE', 'LEFT');

-- CreateEnum
CREATE TYPE "OnboardingStatus" AS ENUM ('RECEIVED', 'REGISTERED', 'LOOKING_UP', 'AWAITING_ORIGIN_STOP', 'ENROLLED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "Classification" AS ENUM ('NEW', 'CONTINUING', 'TRANSFER_NEEDED', 'ACTIVE_ELSEWHERE');

-- CreateEnum
CREATE TYPE "EnrollmentKind" AS ENUM ('NEW', 'CONTINUING');

-- CreateTable
CREATE TABLE "Employee" (
    "id" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "gender" "Gender" NOT NULL,
    "birthDate" DATE NOT NULL,
    "workCityCode" TEXT NOT NULL,
    "hireDate" DATE NOT NULL,
    "status" "EmployeeStatus" NOT NULL DEFAULT 'ONBOARDING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Employee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnboardingCase" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "employeeId" TEXT NOT NULL,
    "submittedName" TEXT NOT NULL,
    "submittedIdNumber" TEXT NOT NULL,
    "hireDate" DATE NOT NULL,
    "workCityCode" TEXT NOT NULL,
    "monthlyGrossWage" DECIMAL(12,2) NOT NULL,
    "status" "OnboardingStatus" NOT NULL DEFAULT 'RECEIVED',
    "classification" "Classification",
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "transferRequired" BOOLEAN NOT NULL DEFAULT false,
    "transferOrigins" JSONB NOT NULL DEFAULT '[]',
    "enrollmentDeadline" DATE NOT NULL,
    "deadlineMissed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "OnboardingCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnboardingStep" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OnboardingStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NationalRecordSnapshot" (
    "id" TEXT NOT NULL,
    "employeeId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "lookupKey" TEXT NOT NULL,
    "records" JSONB NOT NULL,
    "recordCount" INTEGER NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NationalRecordSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enrollment" (
    "id" TEXT NOT NULL,
    "employeeId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "cityCode" TEXT NOT NULL,
    "kind" "EnrollmentKind" NOT NULL,
    "insuranceTypes" TEXT[],
    "effectiveMonth" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "enrolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Enrollment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Employee_idNumber_key" ON "Employee"("idNumber");

-- CreateIndex
CREATE UNIQUE INDEX "OnboardingCase_workflowId_key" ON "OnboardingCase"("workflowId");

-- CreateIndex
CREATE INDEX "OnboardingCase_status_idx" ON "OnboardingCase"("status");

-- CreateIndex
CREATE UNIQUE INDEX "OnboardingCase_employeeId_hireDate_key" ON "OnboardingCase"("employeeId", "hireDate");

-- CreateIndex
CREATE INDEX "OnboardingStep_caseId_at_idx" ON "OnboardingStep"("caseId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "OnboardingStep_caseId_key_key" ON "OnboardingStep"("caseId", "key");

-- CreateIndex
CREATE INDEX "NationalRecordSnapshot_employeeId_idx" ON "NationalRecordSnapshot"("employeeId");

-- CreateIndex
CREATE UNIQUE INDEX "NationalRecordSnapshot_caseId_lookupKey_key" ON "NationalRecordSnapshot"("caseId", "lookupKey");

-- CreateIndex
CREATE UNIQUE INDEX "Enrollment_caseId_key" ON "Enrollment"("caseId");

-- CreateIndex
CREATE INDEX "Enrollment_employeeId_idx" ON "Enrollment"("employeeId");

-- AddForeignKey
ALTER TABLE "OnboardingStep" ADD CONSTRAINT "OnboardingStep_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "OnboardingCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NationalRecordSnapshot" ADD CONSTRAINT "NationalRecordSnapshot_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NationalRecordSnapshot" ADD CONSTRAINT "NationalRecordSnapshot_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "OnboardingCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "OnboardingCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
