-- The audit log as a hash chain (issue 14): each entry stores its position in the chain, the previous entry's
-- hash and its own, so an entry altered, removed or slipped in by someone who got past the triggers (a
-- superuser, or the app's own role, which owns the table) shows as a broken link: npm run audit:verify.
-- Written by hand. The pg driver adapter runs this file statement by statement, splitting it at every
-- semicolon (not inside a transaction), so function bodies spell theirs as \073 and what must happen
-- together is one DO block. Nothing in a comment here may contain a semicolon.

ALTER TABLE "AuditLog" ADD COLUMN "chainSeq" BIGINT,
  ADD COLUMN "prevHash" TEXT,
  ADD COLUMN "hash" TEXT;

-- The one definition of an entry's canonical text and its hash, used by the insert trigger and by the verifier
-- (services/audit-chain.ts). The text is a JSON array of the fields in a fixed order: unambiguous (NULL is
-- null, strings are quoted and escaped), and jsonb prints details with its keys in a fixed order. The time is
-- formatted explicitly so the DateStyle setting cannot change it. Changing this changes every hash.
CREATE FUNCTION "audit_entry_digest"(entry "AuditLog") RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$SELECT encode(sha256(convert_to(jsonb_build_array(
  entry."chainSeq",
  entry."prevHash",
  to_char(entry."at", 'YYYY-MM-DD"T"HH24:MI:SS.US'),
  entry."actorUserId",
  entry."actorRole"::text,
  entry."action",
  entry."entityType",
  entry."entityId",
  entry."cycleId",
  entry."unitId",
  entry."reason",
  entry."details"
)::text, 'UTF8')), 'hex')$$;

-- Every writer (create, createMany, raw SQL) goes through this. The transaction advisory lock serialises the
-- writers from their first audit entry until they commit, so the head read here is the last committed entry
-- and chainSeq is the order of commits (the id sequence is not). Whatever the caller put in the three chain
-- columns is overwritten. Key 1096107081 is "AUDI" in ASCII, used for nothing else.
CREATE FUNCTION "audit_log_chain"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS E'
DECLARE
  head_seq bigint\073
  head_hash text\073
BEGIN
  PERFORM pg_advisory_xact_lock(1096107081)\073
  SELECT "chainSeq", "hash" INTO head_seq, head_hash
    FROM "AuditLog" WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq" DESC LIMIT 1\073
  NEW."chainSeq" := COALESCE(head_seq, 0) + 1\073
  NEW."prevHash" := head_hash\073
  NEW."hash" := audit_entry_digest(NEW)\073
  RETURN NEW\073
END'
;

-- Entries already there are linked in id order, and the chain trigger starts, in one transaction (a DO
-- block is one statement), with the append-only trigger off only for these updates.
DO E'
DECLARE
  entry "AuditLog"%ROWTYPE\073
  seq bigint := 0\073
  prev text\073
BEGIN
  LOCK TABLE "AuditLog" IN EXCLUSIVE MODE\073
  ALTER TABLE "AuditLog" DISABLE TRIGGER "AuditLog_append_only"\073
  FOR entry IN SELECT * FROM "AuditLog" ORDER BY "id" LOOP
    seq := seq + 1\073
    entry."chainSeq" := seq\073
    entry."prevHash" := prev\073
    entry."hash" := audit_entry_digest(entry)\073
    UPDATE "AuditLog" SET "chainSeq" = entry."chainSeq", "prevHash" = entry."prevHash", "hash" = entry."hash"
      WHERE "id" = entry."id"\073
    prev := entry."hash"\073
  END LOOP\073
  ALTER TABLE "AuditLog" ENABLE TRIGGER "AuditLog_append_only"\073
  CREATE TRIGGER "AuditLog_chain" BEFORE INSERT ON "AuditLog"
    FOR EACH ROW EXECUTE FUNCTION "audit_log_chain"()\073
END'
;

-- CreateIndex
CREATE UNIQUE INDEX "AuditLog_chainSeq_key" ON "AuditLog"("chainSeq");

-- TRUNCATE skips row triggers: refuse it with a statement trigger (the same function names the operation).
CREATE TRIGGER "AuditLog_no_truncate"
  BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
