-- CreateTable
CREATE TABLE "PensionTransfer" (
    "id" TEXT NOT NULL,
    "employeeId" TEXT NOT NULL,
    "onboardingCaseId" TEXT,
    "originCityCode" TEXT NOT NULL,
    "destinationCityCode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "flags" TEXT[],
    "monthsFromOrigin" INTEGER NOT NULL,
    "formDocumentId" TEXT,
    "signingRequestId" TEXT,
    "signingRound" INTEGER NOT NULL DEFAULT 0,
    "agencyCaseId" TEXT,
    "submissionCount" INTEGER NOT NULL DEFAULT 0,
    "rejection" JSONB,
    "monthsTransferred" INTEGER,
    "individualAccount" DECIMAL(14,2),
    "pooledFund" DECIMAL(14,2),
    "localMonths" INTEGER,
    "totalMonths" INTEGER,
    "originMarkedTransferred" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "PensionTransfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TransferStep" (
    "id" TEXT NOT NULL,
    "transferId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TransferStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormDocument" (
    "id" TEXT NOT NULL,
    "transferId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" JSONB NOT NULL,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PensionTransfer_employeeId_idx" ON "PensionTransfer"("employeeId");

-- CreateIndex
CREATE INDEX "PensionTransfer_status_idx" ON "PensionTransfer"("status");

-- CreateIndex
CREATE INDEX "TransferStep_transferId_at_idx" ON "TransferStep"("transferId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "TransferStep_transferId_key_key" ON "TransferStep"("transferId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "FormDocument_transferId_kind_sha256_key" ON "FormDocument"("transferId", "kind", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_key_key" ON "Notification"("key");

-- CreateIndex
CREATE INDEX "Notification_createdAt_idx" ON "Notification"("createdAt");

-- AddForeignKey
ALTER TABLE "PensionTransfer" ADD CONSTRAINT "PensionTransfer_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TransferStep" ADD CONSTRAINT "TransferStep_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "PensionTransfer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormDocument" ADD CONSTRAINT "FormDocument_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "PensionTransfer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
