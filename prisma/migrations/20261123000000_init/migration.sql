-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UnitKind" AS ENUM ('HEADQUARTERS', 'HQ_UNIT', 'DEPARTMENT', 'BRANCH', 'TEAM');

-- CreateEnum
CREATE TYPE "Difficulty" AS ENUM ('EASY', 'MEDIUM', 'HARD');

-- CreateEnum
CREATE TYPE "BlueprintStatus" AS ENUM ('DRAFT', 'ACTIVE', 'RETIRED');

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('FEMALE', 'MALE');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('COORDINATOR', 'REVIEWER', 'LEADER', 'OFFICER', 'BUSINESS');

-- CreateEnum
CREATE TYPE "RuleSetKind" AS ENUM ('VERIFICATION', 'LEVEL', 'FOLLOW_UP');

-- CreateEnum
CREATE TYPE "RuleSetStatus" AS ENUM ('DRAFT', 'ACTIVE', 'RETIRED');

-- CreateEnum
CREATE TYPE "CycleStatus" AS ENUM ('DRAFT', 'RUNNING', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "CyclePhase" AS ENUM ('NOT_STARTED', 'REGISTRATION_OPEN', 'VERIFICATION', 'REVIEW', 'LISTS_DUE', 'SCHEDULING', 'EXAM_WINDOW', 'GRADING', 'LEVELS', 'FOLLOW_UP', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "MissingListPolicy" AS ENUM ('EXCLUDE_CANDIDATES', 'WAIT');

-- CreateEnum
CREATE TYPE "RegistrationSource" AS ENUM ('SELF', 'BULK_IMPORT', 'CORRECTION', 'REEXAMINATION');

-- CreateEnum
CREATE TYPE "VerificationOutcome" AS ENUM ('CLEAR', 'FLAGGED', 'BLOCKED');

-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED', 'CORRECTED');

-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('ACTIVE', 'WITHDRAWN', 'EXCLUDED');

-- CreateEnum
CREATE TYPE "UnitListStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED');

-- CreateEnum
CREATE TYPE "ExamSessionStatus" AS ENUM ('PLANNED', 'PUBLISHED', 'IN_PROGRESS', 'DONE');

-- CreateEnum
CREATE TYPE "ItemStatus" AS ENUM ('DRAFT', 'ACTIVE', 'RETIRED');

-- CreateEnum
CREATE TYPE "AttemptStatus" AS ENUM ('IN_PROGRESS', 'SUBMITTED', 'AUTO_SUBMITTED', 'VOIDED');

-- CreateEnum
CREATE TYPE "CompetencyLevel" AS ENUM ('LEVEL_1', 'LEVEL_2', 'LEVEL_3', 'NOT_ACHIEVED');

-- CreateEnum
CREATE TYPE "FollowUpType" AS ENUM ('RETRAINING', 'REEXAMINATION', 'REASSIGNMENT', 'EXPERT_NOMINATION');

-- CreateEnum
CREATE TYPE "FollowUpStatus" AS ENUM ('OPEN', 'DONE', 'DECLINED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "FeedbackSubjectKind" AS ENUM ('BRANCH', 'TEAM', 'STAGE', 'OFFICER');

-- CreateEnum
CREATE TYPE "SatisfactionLevel" AS ENUM ('VERY_SATISFIED', 'SATISFIED', 'NORMAL', 'UNSATISFIED', 'VERY_UNSATISFIED');

-- CreateEnum
CREATE TYPE "FeedbackCaseStatus" AS ENUM ('OPEN', 'VERIFYING', 'HANDLING', 'ANSWERED', 'CLOSED');

-- CreateEnum
CREATE TYPE "FeedbackCaseOutcome" AS ENUM ('SUBSTANTIATED', 'NOT_SUBSTANTIATED');

-- CreateTable
CREATE TABLE "Unit" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "kind" "UnitKind" NOT NULL,
    "parentId" TEXT,
    "path" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,
    "province" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProfessionalField" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,

    CONSTRAINT "ProfessionalField_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobPosition" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "fieldId" TEXT NOT NULL,
    "isLeadership" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "JobPosition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Competency" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "descriptionVi" TEXT,
    "descriptionEn" TEXT,
    "fieldId" TEXT,

    CONSTRAINT "Competency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PositionCompetency" (
    "positionId" TEXT NOT NULL,
    "competencyId" TEXT NOT NULL,
    "requiredLevel" INTEGER NOT NULL,

    CONSTRAINT "PositionCompetency_pkey" PRIMARY KEY ("positionId","competencyId")
);

-- CreateTable
CREATE TABLE "TestBlueprint" (
    "id" TEXT NOT NULL,
    "positionId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "BlueprintStatus" NOT NULL DEFAULT 'ACTIVE',
    "durationMinutes" INTEGER NOT NULL DEFAULT 60,
    "passMark" INTEGER NOT NULL DEFAULT 50,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestBlueprint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BlueprintSection" (
    "id" TEXT NOT NULL,
    "blueprintId" TEXT NOT NULL,
    "competencyId" TEXT NOT NULL,
    "difficulty" "Difficulty" NOT NULL,
    "itemCount" INTEGER NOT NULL,

    CONSTRAINT "BlueprintSection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Officer" (
    "id" TEXT NOT NULL,
    "employeeCode" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "gender" "Gender",
    "birthDate" DATE,
    "email" TEXT,
    "unitId" TEXT NOT NULL,
    "positionId" TEXT NOT NULL,
    "extraTimeMultiplier" DECIMAL(3,2) NOT NULL DEFAULT 1.0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Officer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "positionId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE,
    "decisionRef" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "unitId" TEXT,
    "officerId" TEXT,
    "businessId" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'vi',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleSet" (
    "id" TEXT NOT NULL,
    "kind" "RuleSetKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "RuleSetStatus" NOT NULL DEFAULT 'DRAFT',
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "checksum" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentCycle" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "status" "CycleStatus" NOT NULL DEFAULT 'DRAFT',
    "phase" "CyclePhase" NOT NULL DEFAULT 'NOT_STARTED',
    "scopeUnitIds" TEXT[],
    "scopeFieldIds" TEXT[],
    "includeNonLeadership" BOOLEAN NOT NULL DEFAULT true,
    "includeTeamLeaders" BOOLEAN NOT NULL DEFAULT false,
    "registrationOpensAt" TIMESTAMP(3) NOT NULL,
    "registrationClosesAt" TIMESTAMP(3) NOT NULL,
    "listsDueAt" TIMESTAMP(3) NOT NULL,
    "examStartsAt" TIMESTAMP(3) NOT NULL,
    "examEndsAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "missingListPolicy" "MissingListPolicy" NOT NULL DEFAULT 'EXCLUDE_CANDIDATES',
    "reminderDaysBefore" INTEGER[] DEFAULT ARRAY[7, 2]::INTEGER[],
    "recentAssignmentMonths" INTEGER NOT NULL DEFAULT 6,
    "verificationRuleSetId" TEXT,
    "levelRuleSetId" TEXT,
    "followUpRuleSetId" TEXT,
    "workflowId" TEXT,
    "launchedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "cancelReason" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AssessmentCycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CyclePhaseEvent" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "phase" "CyclePhase" NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CyclePhaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Registration" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "positionId" TEXT NOT NULL,
    "heldPositionId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "source" "RegistrationSource" NOT NULL DEFAULT 'SELF',
    "status" "RegistrationStatus" NOT NULL DEFAULT 'ACTIVE',
    "registeredById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "verificationOutcome" "VerificationOutcome",
    "verificationReasons" JSONB,
    "verificationTrace" JSONB,
    "verifiedAt" TIMESTAMP(3),
    "reviewDecision" "ReviewDecision" NOT NULL DEFAULT 'PENDING',
    "reviewJustification" TEXT,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "correctedFromPositionId" TEXT,
    "followUpTaskId" TEXT,

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnitList" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "status" "UnitListStatus" NOT NULL DEFAULT 'DRAFT',
    "revision" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "submittedById" TEXT,
    "approvedAt" TIMESTAMP(3),
    "approvedById" TEXT,
    "returnedAt" TIMESTAMP(3),
    "returnedById" TEXT,
    "returnComment" TEXT,
    "escalatedAt" TIMESTAMP(3),
    "missingDecision" "MissingListPolicy",
    "remindersSent" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnitList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamSession" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "room" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "capacity" INTEGER NOT NULL,
    "status" "ExamSessionStatus" NOT NULL DEFAULT 'PLANNED',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamSeat" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "seatNumber" INTEGER NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamSeat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionItem" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" "ItemStatus" NOT NULL DEFAULT 'DRAFT',
    "currentVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuestionItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionItemVersion" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "stem" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "correctKey" TEXT NOT NULL,
    "competencyId" TEXT NOT NULL,
    "difficulty" "Difficulty" NOT NULL,
    "fieldId" TEXT,
    "positionIds" TEXT[],
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuestionItemVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamForm" (
    "id" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "blueprintId" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamForm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attempt" (
    "id" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "formId" TEXT NOT NULL,
    "status" "AttemptStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "deadlineAt" TIMESTAMP(3) NOT NULL,
    "submittedAt" TIMESTAMP(3),

    CONSTRAINT "Attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttemptAnswer" (
    "attemptId" TEXT NOT NULL,
    "itemVersionId" TEXT NOT NULL,
    "chosenKey" TEXT,
    "savedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttemptAnswer_pkey" PRIMARY KEY ("attemptId","itemVersionId")
);

-- CreateTable
CREATE TABLE "Result" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "positionId" TEXT NOT NULL,
    "score" DECIMAL(5,2) NOT NULL,
    "correctCount" INTEGER NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "level" "CompetencyLevel",
    "levelTrace" JSONB,
    "levelRuleSetId" TEXT,
    "gradedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "regradedAt" TIMESTAMP(3),

    CONSTRAINT "Result_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResultCompetencyScore" (
    "resultId" TEXT NOT NULL,
    "competencyId" TEXT NOT NULL,
    "score" DECIMAL(5,2) NOT NULL,
    "correctCount" INTEGER NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "requiredLevel" INTEGER NOT NULL,

    CONSTRAINT "ResultCompetencyScore_pkey" PRIMARY KEY ("resultId","competencyId")
);

-- CreateTable
CREATE TABLE "ItemVoid" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "itemVersionId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "voidedById" TEXT NOT NULL,
    "voidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ItemVoid_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ItemAnalysis" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "sessionId" TEXT,
    "itemVersionId" TEXT NOT NULL,
    "responses" INTEGER NOT NULL,
    "facilityIndex" DOUBLE PRECISION NOT NULL,
    "standardDeviation" DOUBLE PRECISION NOT NULL,
    "discriminationIndex" DOUBLE PRECISION,
    "discriminativeEfficiency" DOUBLE PRECISION,
    "optionCounts" JSONB NOT NULL,
    "flags" TEXT[],
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ItemAnalysis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TestAnalysis" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "sessionId" TEXT,
    "positionId" TEXT,
    "attempts" INTEGER NOT NULL,
    "mean" DOUBLE PRECISION NOT NULL,
    "standardDeviation" DOUBLE PRECISION NOT NULL,
    "internalConsistency" DOUBLE PRECISION,
    "errorRatio" DOUBLE PRECISION,
    "standardError" DOUBLE PRECISION,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestAnalysis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUpTask" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "type" "FollowUpType" NOT NULL,
    "status" "FollowUpStatus" NOT NULL DEFAULT 'OPEN',
    "officerId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "cycleId" TEXT,
    "resultId" TEXT,
    "competencyId" TEXT,
    "proposedPositionId" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "ruleTrace" JSONB,
    "outcome" JSONB,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "workflowId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FollowUpTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorUserId" TEXT,
    "actorRole" "Role",
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "cycleId" TEXT,
    "unitId" TEXT,
    "reason" TEXT,
    "details" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "userId" TEXT,
    "unitId" TEXT,
    "templateKey" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Business" (
    "id" TEXT NOT NULL,
    "taxCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "address" TEXT,
    "email" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Business_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProfessionalStage" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,

    CONSTRAINT "ProfessionalStage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Declaration" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "branchUnitId" TEXT NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "clearedAt" TIMESTAMP(3),

    CONSTRAINT "Declaration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeclarationHandling" (
    "id" TEXT NOT NULL,
    "declarationId" TEXT NOT NULL,
    "stageId" TEXT NOT NULL,
    "teamUnitId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,

    CONSTRAINT "DeclarationHandling_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackReason" (
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "FeedbackReason_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Feedback" (
    "id" TEXT NOT NULL,
    "declarationId" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "subjectKind" "FeedbackSubjectKind" NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "subjectUnitId" TEXT,
    "subjectStageId" TEXT,
    "subjectOfficerId" TEXT,
    "level" "SatisfactionLevel" NOT NULL,
    "reasonCodes" TEXT[],
    "comment" TEXT,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "amendedAt" TIMESTAMP(3),
    "submittedById" TEXT,

    CONSTRAINT "Feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackCase" (
    "id" TEXT NOT NULL,
    "feedbackId" TEXT NOT NULL,
    "status" "FeedbackCaseStatus" NOT NULL DEFAULT 'OPEN',
    "responsibleUnitId" TEXT NOT NULL,
    "stepDueAt" TIMESTAMP(3),
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "verificationNote" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "handlingNote" TEXT,
    "handledAt" TIMESTAMP(3),
    "outcome" "FeedbackCaseOutcome",
    "outcomeReason" TEXT,
    "answeredAt" TIMESTAMP(3),
    "businessAccepted" BOOLEAN,
    "businessRespondedAt" TIMESTAMP(3),
    "workflowId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "FeedbackCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalNotice" (
    "id" TEXT NOT NULL,
    "titleVi" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "summaryVi" TEXT,
    "summaryEn" TEXT,
    "documentNo" TEXT,
    "sourceUrl" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fieldIds" TEXT[],

    CONSTRAINT "LegalNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Unit_code_key" ON "Unit"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_path_key" ON "Unit"("path");

-- CreateIndex
CREATE INDEX "Unit_parentId_idx" ON "Unit"("parentId");

-- CreateIndex
CREATE INDEX "Unit_kind_idx" ON "Unit"("kind");

-- CreateIndex
CREATE UNIQUE INDEX "ProfessionalField_code_key" ON "ProfessionalField"("code");

-- CreateIndex
CREATE UNIQUE INDEX "JobPosition_code_key" ON "JobPosition"("code");

-- CreateIndex
CREATE INDEX "JobPosition_fieldId_idx" ON "JobPosition"("fieldId");

-- CreateIndex
CREATE UNIQUE INDEX "Competency_code_key" ON "Competency"("code");

-- CreateIndex
CREATE INDEX "Competency_fieldId_idx" ON "Competency"("fieldId");

-- CreateIndex
CREATE UNIQUE INDEX "TestBlueprint_positionId_version_key" ON "TestBlueprint"("positionId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "BlueprintSection_blueprintId_competencyId_difficulty_key" ON "BlueprintSection"("blueprintId", "competencyId", "difficulty");

-- CreateIndex
CREATE UNIQUE INDEX "Officer_employeeCode_key" ON "Officer"("employeeCode");

-- CreateIndex
CREATE INDEX "Officer_unitId_idx" ON "Officer"("unitId");

-- CreateIndex
CREATE INDEX "Officer_positionId_idx" ON "Officer"("positionId");

-- CreateIndex
CREATE INDEX "Officer_searchName_idx" ON "Officer"("searchName");

-- CreateIndex
CREATE INDEX "Assignment_officerId_startDate_idx" ON "Assignment"("officerId", "startDate");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "User_officerId_key" ON "User"("officerId");

-- CreateIndex
CREATE UNIQUE INDEX "RuleSet_kind_version_key" ON "RuleSet"("kind", "version");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentCycle_code_key" ON "AssessmentCycle"("code");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentCycle_workflowId_key" ON "AssessmentCycle"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "CyclePhaseEvent_cycleId_phase_key" ON "CyclePhaseEvent"("cycleId", "phase");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_followUpTaskId_key" ON "Registration"("followUpTaskId");

-- CreateIndex
CREATE INDEX "Registration_cycleId_unitId_idx" ON "Registration"("cycleId", "unitId");

-- CreateIndex
CREATE INDEX "Registration_cycleId_verificationOutcome_idx" ON "Registration"("cycleId", "verificationOutcome");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_cycleId_officerId_round_key" ON "Registration"("cycleId", "officerId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "UnitList_cycleId_unitId_key" ON "UnitList"("cycleId", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "ExamSession_cycleId_code_key" ON "ExamSession"("cycleId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "ExamSeat_registrationId_key" ON "ExamSeat"("registrationId");

-- CreateIndex
CREATE UNIQUE INDEX "ExamSeat_sessionId_seatNumber_key" ON "ExamSeat"("sessionId", "seatNumber");

-- CreateIndex
CREATE UNIQUE INDEX "QuestionItem_code_key" ON "QuestionItem"("code");

-- CreateIndex
CREATE INDEX "QuestionItemVersion_competencyId_difficulty_idx" ON "QuestionItemVersion"("competencyId", "difficulty");

-- CreateIndex
CREATE UNIQUE INDEX "QuestionItemVersion_itemId_version_key" ON "QuestionItemVersion"("itemId", "version");

-- CreateIndex
CREATE INDEX "ExamForm_registrationId_idx" ON "ExamForm"("registrationId");

-- CreateIndex
CREATE UNIQUE INDEX "Attempt_registrationId_key" ON "Attempt"("registrationId");

-- CreateIndex
CREATE UNIQUE INDEX "Attempt_formId_key" ON "Attempt"("formId");

-- CreateIndex
CREATE UNIQUE INDEX "Result_attemptId_key" ON "Result"("attemptId");

-- CreateIndex
CREATE INDEX "Result_cycleId_level_idx" ON "Result"("cycleId", "level");

-- CreateIndex
CREATE INDEX "Result_officerId_idx" ON "Result"("officerId");

-- CreateIndex
CREATE UNIQUE INDEX "ItemVoid_cycleId_itemVersionId_key" ON "ItemVoid"("cycleId", "itemVersionId");

-- CreateIndex
CREATE INDEX "ItemAnalysis_cycleId_itemVersionId_idx" ON "ItemAnalysis"("cycleId", "itemVersionId");

-- CreateIndex
CREATE INDEX "TestAnalysis_cycleId_idx" ON "TestAnalysis"("cycleId");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpTask_dedupeKey_key" ON "FollowUpTask"("dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpTask_workflowId_key" ON "FollowUpTask"("workflowId");

-- CreateIndex
CREATE INDEX "FollowUpTask_unitId_status_idx" ON "FollowUpTask"("unitId", "status");

-- CreateIndex
CREATE INDEX "FollowUpTask_officerId_idx" ON "FollowUpTask"("officerId");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_idx" ON "AuditLog"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_cycleId_at_idx" ON "AuditLog"("cycleId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Business_taxCode_key" ON "Business"("taxCode");

-- CreateIndex
CREATE UNIQUE INDEX "ProfessionalStage_code_key" ON "ProfessionalStage"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Declaration_number_key" ON "Declaration"("number");

-- CreateIndex
CREATE INDEX "Declaration_businessId_registeredAt_idx" ON "Declaration"("businessId", "registeredAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeclarationHandling_declarationId_stageId_officerId_key" ON "DeclarationHandling"("declarationId", "stageId", "officerId");

-- CreateIndex
CREATE INDEX "Feedback_submittedAt_idx" ON "Feedback"("submittedAt");

-- CreateIndex
CREATE INDEX "Feedback_level_idx" ON "Feedback"("level");

-- CreateIndex
CREATE UNIQUE INDEX "Feedback_declarationId_subjectKey_key" ON "Feedback"("declarationId", "subjectKey");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackCase_feedbackId_key" ON "FeedbackCase"("feedbackId");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackCase_workflowId_key" ON "FeedbackCase"("workflowId");

-- CreateIndex
CREATE INDEX "FeedbackCase_responsibleUnitId_status_idx" ON "FeedbackCase"("responsibleUnitId", "status");

-- AddForeignKey
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobPosition" ADD CONSTRAINT "JobPosition_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "ProfessionalField"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Competency" ADD CONSTRAINT "Competency_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "ProfessionalField"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PositionCompetency" ADD CONSTRAINT "PositionCompetency_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "JobPosition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PositionCompetency" ADD CONSTRAINT "PositionCompetency_competencyId_fkey" FOREIGN KEY ("competencyId") REFERENCES "Competency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestBlueprint" ADD CONSTRAINT "TestBlueprint_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "JobPosition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlueprintSection" ADD CONSTRAINT "BlueprintSection_blueprintId_fkey" FOREIGN KEY ("blueprintId") REFERENCES "TestBlueprint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlueprintSection" ADD CONSTRAINT "BlueprintSection_competencyId_fkey" FOREIGN KEY ("competencyId") REFERENCES "Competency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Officer" ADD CONSTRAINT "Officer_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Officer" ADD CONSTRAINT "Officer_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "JobPosition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "JobPosition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentCycle" ADD CONSTRAINT "AssessmentCycle_verificationRuleSetId_fkey" FOREIGN KEY ("verificationRuleSetId") REFERENCES "RuleSet"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentCycle" ADD CONSTRAINT "AssessmentCycle_levelRuleSetId_fkey" FOREIGN KEY ("levelRuleSetId") REFERENCES "RuleSet"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentCycle" ADD CONSTRAINT "AssessmentCycle_followUpRuleSetId_fkey" FOREIGN KEY ("followUpRuleSetId") REFERENCES "RuleSet"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CyclePhaseEvent" ADD CONSTRAINT "CyclePhaseEvent_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "AssessmentCycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "AssessmentCycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "JobPosition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_heldPositionId_fkey" FOREIGN KEY ("heldPositionId") REFERENCES "JobPosition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_followUpTaskId_fkey" FOREIGN KEY ("followUpTaskId") REFERENCES "FollowUpTask"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitList" ADD CONSTRAINT "UnitList_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "AssessmentCycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitList" ADD CONSTRAINT "UnitList_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "AssessmentCycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSeat" ADD CONSTRAINT "ExamSeat_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSeat" ADD CONSTRAINT "ExamSeat_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionItemVersion" ADD CONSTRAINT "QuestionItemVersion_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "QuestionItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionItemVersion" ADD CONSTRAINT "QuestionItemVersion_competencyId_fkey" FOREIGN KEY ("competencyId") REFERENCES "Competency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionItemVersion" ADD CONSTRAINT "QuestionItemVersion_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "ProfessionalField"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamForm" ADD CONSTRAINT "ExamForm_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamForm" ADD CONSTRAINT "ExamForm_blueprintId_fkey" FOREIGN KEY ("blueprintId") REFERENCES "TestBlueprint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attempt" ADD CONSTRAINT "Attempt_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attempt" ADD CONSTRAINT "Attempt_formId_fkey" FOREIGN KEY ("formId") REFERENCES "ExamForm"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttemptAnswer" ADD CONSTRAINT "AttemptAnswer_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttemptAnswer" ADD CONSTRAINT "AttemptAnswer_itemVersionId_fkey" FOREIGN KEY ("itemVersionId") REFERENCES "QuestionItemVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "AssessmentCycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "JobPosition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultCompetencyScore" ADD CONSTRAINT "ResultCompetencyScore_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "Result"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultCompetencyScore" ADD CONSTRAINT "ResultCompetencyScore_competencyId_fkey" FOREIGN KEY ("competencyId") REFERENCES "Competency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemVoid" ADD CONSTRAINT "ItemVoid_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "AssessmentCycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemVoid" ADD CONSTRAINT "ItemVoid_itemVersionId_fkey" FOREIGN KEY ("itemVersionId") REFERENCES "QuestionItemVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemAnalysis" ADD CONSTRAINT "ItemAnalysis_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "AssessmentCycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemAnalysis" ADD CONSTRAINT "ItemAnalysis_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemAnalysis" ADD CONSTRAINT "ItemAnalysis_itemVersionId_fkey" FOREIGN KEY ("itemVersionId") REFERENCES "QuestionItemVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestAnalysis" ADD CONSTRAINT "TestAnalysis_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "AssessmentCycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestAnalysis" ADD CONSTRAINT "TestAnalysis_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpTask" ADD CONSTRAINT "FollowUpTask_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpTask" ADD CONSTRAINT "FollowUpTask_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpTask" ADD CONSTRAINT "FollowUpTask_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "AssessmentCycle"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpTask" ADD CONSTRAINT "FollowUpTask_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "Result"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpTask" ADD CONSTRAINT "FollowUpTask_competencyId_fkey" FOREIGN KEY ("competencyId") REFERENCES "Competency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpTask" ADD CONSTRAINT "FollowUpTask_proposedPositionId_fkey" FOREIGN KEY ("proposedPositionId") REFERENCES "JobPosition"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Declaration" ADD CONSTRAINT "Declaration_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Declaration" ADD CONSTRAINT "Declaration_branchUnitId_fkey" FOREIGN KEY ("branchUnitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeclarationHandling" ADD CONSTRAINT "DeclarationHandling_declarationId_fkey" FOREIGN KEY ("declarationId") REFERENCES "Declaration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeclarationHandling" ADD CONSTRAINT "DeclarationHandling_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "ProfessionalStage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeclarationHandling" ADD CONSTRAINT "DeclarationHandling_teamUnitId_fkey" FOREIGN KEY ("teamUnitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeclarationHandling" ADD CONSTRAINT "DeclarationHandling_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_declarationId_fkey" FOREIGN KEY ("declarationId") REFERENCES "Declaration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_subjectUnitId_fkey" FOREIGN KEY ("subjectUnitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_subjectStageId_fkey" FOREIGN KEY ("subjectStageId") REFERENCES "ProfessionalStage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_subjectOfficerId_fkey" FOREIGN KEY ("subjectOfficerId") REFERENCES "Officer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackCase" ADD CONSTRAINT "FeedbackCase_feedbackId_fkey" FOREIGN KEY ("feedbackId") REFERENCES "Feedback"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackCase" ADD CONSTRAINT "FeedbackCase_responsibleUnitId_fkey" FOREIGN KEY ("responsibleUnitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The audit log is append-only: history that can be rewritten is not evidence.
-- The body spells its semicolons as \073 because the pg driver adapter splits migration scripts at every semicolon.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''AuditLog is append-only: % refused'', TG_OP\073 END'
;

CREATE TRIGGER "AuditLog_append_only"
  BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
