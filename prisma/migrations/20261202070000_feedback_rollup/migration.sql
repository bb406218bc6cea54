-- Ratings counted by month and subject (services/feedback-stats.ts reads it for whole months), kept by
-- statement-level triggers on Feedback: every insert, update or delete adjusts the counts in the same
-- statement, whoever writes (the API, the demo history, a bulk load). Written by hand. The pg driver adapter
-- runs this file statement by statement, splitting it at every semicolon, so function bodies spell theirs as
-- \073. Nothing in a comment here may contain a semicolon.

-- CreateTable
CREATE TABLE "FeedbackRollup" (
    "month" TIMESTAMP(3) NOT NULL,
    "subjectKind" "FeedbackSubjectKind" NOT NULL,
    "subjectUnitId" TEXT NOT NULL,
    "subjectStageId" TEXT NOT NULL,
    "subjectOfficerId" TEXT NOT NULL,
    "level" "SatisfactionLevel" NOT NULL,
    "ratings" INTEGER NOT NULL,

    CONSTRAINT "FeedbackRollup_pkey" PRIMARY KEY ("month","subjectKind","subjectUnitId","subjectStageId","subjectOfficerId","level")
);

-- Adds the signed counts of a set of ratings (+1 each inserted, -1 each deleted) to their months and to the
-- all-time row of their subject (month 1970-01-01, what a statistic without a time range reads), in key order
-- so that two statements adjusting the same rows take their locks in the same order. Counts that reach 0 go.
CREATE FUNCTION "feedback_rollup_apply"(delta jsonb) RETURNS void LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "FeedbackRollup" AS r ("month", "subjectKind", "subjectUnitId", "subjectStageId", "subjectOfficerId", "level", "ratings")
  SELECT d.month, d.kind, d.unit, d.stage, d.officer, d.level, sum(d.n)::int FROM (
    SELECT x.month, x.kind, x.unit, x.stage, x.officer, x.level, x.n
    FROM jsonb_to_recordset(delta) AS x(month timestamp, kind "FeedbackSubjectKind", unit text, stage text, officer text, level "SatisfactionLevel", n integer)
    UNION ALL
    SELECT timestamp ''1970-01-01'', x.kind, x.unit, x.stage, x.officer, x.level, x.n
    FROM jsonb_to_recordset(delta) AS x(kind "FeedbackSubjectKind", unit text, stage text, officer text, level "SatisfactionLevel", n integer)
  ) d
  GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(d.n) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("month", "subjectKind", "subjectUnitId", "subjectStageId", "subjectOfficerId", "level")
  DO UPDATE SET "ratings" = r."ratings" + EXCLUDED."ratings"\073
  IF EXISTS (SELECT 1 FROM jsonb_to_recordset(delta) AS x(n integer) WHERE x.n < 0) THEN
    DELETE FROM "FeedbackRollup" z
    USING jsonb_to_recordset(delta) AS x(month timestamp, kind "FeedbackSubjectKind", unit text, stage text, officer text, level "SatisfactionLevel", n integer)
    WHERE x.n < 0 AND z."ratings" = 0 AND z."month" IN (x.month, timestamp ''1970-01-01'') AND z."subjectKind" = x.kind AND z."subjectUnitId" = x.unit
      AND z."subjectStageId" = x.stage AND z."subjectOfficerId" = x.officer AND z."level" = x.level\073
  END IF\073
END'
;

CREATE FUNCTION "feedback_rollup_changed"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  delta jsonb\073
BEGIN
  IF TG_OP = ''INSERT'' THEN
    SELECT jsonb_agg(g) INTO delta FROM (
      SELECT date_trunc(''month'', "submittedAt") AS month, "subjectKind" AS kind, coalesce("subjectUnitId", '''') AS unit,
        coalesce("subjectStageId", '''') AS stage, coalesce("subjectOfficerId", '''') AS officer, level, count(*)::int AS n
      FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6) g\073
  ELSIF TG_OP = ''DELETE'' THEN
    SELECT jsonb_agg(g) INTO delta FROM (
      SELECT date_trunc(''month'', "submittedAt") AS month, "subjectKind" AS kind, coalesce("subjectUnitId", '''') AS unit,
        coalesce("subjectStageId", '''') AS stage, coalesce("subjectOfficerId", '''') AS officer, level, -count(*)::int AS n
      FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6) g\073
  ELSE
    SELECT jsonb_agg(g) INTO delta FROM (
      SELECT month, kind, unit, stage, officer, level, sum(n)::int AS n FROM (
        SELECT date_trunc(''month'', "submittedAt") AS month, "subjectKind" AS kind, coalesce("subjectUnitId", '''') AS unit,
          coalesce("subjectStageId", '''') AS stage, coalesce("subjectOfficerId", '''') AS officer, level, 1 AS n FROM new_rows
        UNION ALL
        SELECT date_trunc(''month'', "submittedAt"), "subjectKind", coalesce("subjectUnitId", ''''),
          coalesce("subjectStageId", ''''), coalesce("subjectOfficerId", ''''), level, -1 FROM old_rows) c
      GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0) g\073
  END IF\073
  IF delta IS NOT NULL THEN
    PERFORM "feedback_rollup_apply"(delta)\073
  END IF\073
  RETURN NULL\073
END'
;

CREATE TRIGGER "feedback_rollup_insert" AFTER INSERT ON "Feedback" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "feedback_rollup_changed"();

CREATE TRIGGER "feedback_rollup_update" AFTER UPDATE ON "Feedback" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "feedback_rollup_changed"();

CREATE TRIGGER "feedback_rollup_delete" AFTER DELETE ON "Feedback" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "feedback_rollup_changed"();

-- The ratings stored before this migration, by month and all time.
INSERT INTO "FeedbackRollup" ("month", "subjectKind", "subjectUnitId", "subjectStageId", "subjectOfficerId", "level", "ratings")
SELECT m, "subjectKind", coalesce("subjectUnitId", ''), coalesce("subjectStageId", ''), coalesce("subjectOfficerId", ''), level, count(*)::int
FROM "Feedback" CROSS JOIN LATERAL (VALUES (date_trunc('month', "submittedAt")), (timestamp '1970-01-01')) AS b(m)
GROUP BY 1, 2, 3, 4, 5, 6;
