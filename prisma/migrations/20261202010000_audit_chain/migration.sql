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

-- Entries are chained when their transaction commits, not when they are written: a lock taken at the first
-- entry and held to the commit would serialise every transaction that writes audit for the rest of its work,
-- and deadlock one that waits for a row after its entry with one that holds that row and then writes audit.
-- On insert (any writer: create, createMany, raw SQL) the three chain columns are forced to NULL, so a caller
-- cannot pre-seal an entry, and each inserting statement queues its transaction to be sealed at commit.
CREATE FUNCTION "audit_log_unsealed"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  NEW."chainSeq" := NULL\073
  NEW."prevHash" := NULL\073
  NEW."hash" := NULL\073
  RETURN NEW\073
END'
;

-- The queue: one row per transaction that wrote audit, whose deferred constraint trigger seals it at commit.
-- A constraint trigger on AuditLog itself would do, but Prisma's schema engine reads every row of
-- pg_constraint on the tables of the schema it manages, and one of a trigger (contype t) makes it panic (npm run
-- migrate:diff crashes, prisma/orm#29635): the queue lives in a schema of its own, which Prisma never reads.
-- Not dropped by npm run seed -- --reset (which drops public only), hence IF NOT EXISTS and the table remade.
CREATE SCHEMA IF NOT EXISTS "audit_chain";

DROP TABLE IF EXISTS "audit_chain"."seal_pending";

CREATE TABLE "audit_chain"."seal_pending" ("xact" xid8 PRIMARY KEY);

-- After each statement that inserts entries: once per transaction (a savepoint rolled back takes its row
-- with it, and the next statement queues the transaction again).
CREATE FUNCTION "audit_log_queue_seal"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "audit_chain"."seal_pending" VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING\073
  RETURN NULL\073
END'
;

-- Fires at commit, once per transaction that wrote audit (DEFERRABLE INITIALLY DEFERRED): takes the chain's
-- transaction advisory lock (key 1096107081, "AUDI" in ASCII, used for nothing else), reads the head and seals
-- every unsealed entry it can see, in id order, in one pass (one read, the hashes chained in memory, one
-- update): these are the transaction's own entries, since other transactions' are invisible until they commit
-- and committed ones are all sealed. A createMany of thousands costs that one pass. The lock is held from
-- there to the end of the commit, and a committing transaction waits for nothing but it: no deadlock, and
-- chainSeq is the order of commits (the id sequence is not).
-- The head is the last committed entry: at READ COMMITTED every statement here takes a new snapshot, so the
-- one after the lock is granted sees the previous holder, which became visible before it released the lock.
-- At REPEATABLE READ and SERIALIZABLE the snapshot is the transaction's own: if the head moved since, the
-- positions computed from the stale head are taken, the unique index on chainSeq refuses them, and the commit
-- fails with a serialization failure (40001, retry the transaction) rather than forking the chain.
-- The unsealed entries are found through that index too (btree indexes NULLs: chainSeq IS NULL is a range of
-- it, empty but for this transaction's entries), the head at its other end. After SET CONSTRAINTS ALL
-- IMMEDIATE each statement seals its entries as it ends (the queue row is gone, the next one queues again),
-- the lock then held from the first to the commit.
-- An entry slipped in unsealed past the triggers is sealed by the next commit: that gives whoever did it
-- nothing they could not do by appending a sealed entry themselves, and what the chain protects is the
-- history up to a recorded head (npm run audit:verify -- --expect-head).
CREATE FUNCTION "audit_log_seal"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS E'
DECLARE
  head_seq bigint\073
  head_hash text\073
  entry "AuditLog"%ROWTYPE\073
  n integer := 0\073
  ids bigint[]\073
  seqs bigint[]\073
  prevs text[]\073
  hashes text[]\073
BEGIN
  DELETE FROM "audit_chain"."seal_pending" WHERE "xact" = NEW."xact"\073
  PERFORM pg_advisory_xact_lock(1096107081)\073
  SELECT "chainSeq", "hash" INTO head_seq, head_hash
    FROM "AuditLog" WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq" DESC LIMIT 1\073
  head_seq := COALESCE(head_seq, 0)\073
  FOR entry IN SELECT * FROM "AuditLog" WHERE "chainSeq" IS NULL ORDER BY "id" LOOP
    n := n + 1\073
    head_seq := head_seq + 1\073
    entry."chainSeq" := head_seq\073
    entry."prevHash" := head_hash\073
    head_hash := audit_entry_digest(entry)\073
    ids[n] := entry."id"\073
    seqs[n] := head_seq\073
    prevs[n] := entry."prevHash"\073
    hashes[n] := head_hash\073
  END LOOP\073
  BEGIN
    UPDATE "AuditLog" a SET "chainSeq" = s.seq, "prevHash" = s.prev, "hash" = s.hash
      FROM unnest(ids, seqs, prevs, hashes) AS s(id, seq, prev, hash) WHERE a."id" = s.id\073
  EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION ''audit chain: its head moved after this transaction''''s snapshot was taken (REPEATABLE READ or SERIALIZABLE)''
      USING ERRCODE = ''serialization_failure'', HINT = ''Retry the transaction.''\073
  END\073
  RETURN NULL\073
END'
;

-- Refuses UPDATE, DELETE and TRUNCATE, but for one update: the seal above, from inside its trigger (depth > 1),
-- filling the chain columns of an unsealed entry and changing nothing else. A new column of AuditLog belongs
-- here as in audit_entry_digest.
CREATE OR REPLACE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''UPDATE'' AND pg_trigger_depth() > 1
    AND OLD."chainSeq" IS NULL AND OLD."hash" IS NULL
    AND NEW."chainSeq" IS NOT NULL AND NEW."hash" IS NOT NULL
    AND NEW."id" IS NOT DISTINCT FROM OLD."id"
    AND NEW."at" IS NOT DISTINCT FROM OLD."at"
    AND NEW."actorUserId" IS NOT DISTINCT FROM OLD."actorUserId"
    AND NEW."actorRole" IS NOT DISTINCT FROM OLD."actorRole"
    AND NEW."action" IS NOT DISTINCT FROM OLD."action"
    AND NEW."entityType" IS NOT DISTINCT FROM OLD."entityType"
    AND NEW."entityId" IS NOT DISTINCT FROM OLD."entityId"
    AND NEW."cycleId" IS NOT DISTINCT FROM OLD."cycleId"
    AND NEW."unitId" IS NOT DISTINCT FROM OLD."unitId"
    AND NEW."reason" IS NOT DISTINCT FROM OLD."reason"
    AND NEW."details" IS NOT DISTINCT FROM OLD."details" THEN
    RETURN NEW\073
  END IF\073
  RAISE EXCEPTION ''AuditLog is append-only: % refused'', TG_OP\073
END'
;

-- Entries already there are linked in id order, and the chain triggers start, in one transaction (a DO
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
  CREATE TRIGGER "AuditLog_unsealed" BEFORE INSERT ON "AuditLog"
    FOR EACH ROW EXECUTE FUNCTION "audit_log_unsealed"()\073
  CREATE TRIGGER "AuditLog_queue_seal" AFTER INSERT ON "AuditLog"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_queue_seal"()\073
  CREATE CONSTRAINT TRIGGER "seal_at_commit" AFTER INSERT ON "audit_chain"."seal_pending"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "audit_log_seal"()\073
END'
;

-- CreateIndex
CREATE UNIQUE INDEX "AuditLog_chainSeq_key" ON "AuditLog"("chainSeq");

-- TRUNCATE skips row triggers: refuse it with a statement trigger (the same function names the operation).
CREATE TRIGGER "AuditLog_no_truncate"
  BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
