-- Staff sign-in, API tokens and the audit log (issue 9).

-- PINs are kept only as Argon2id hashes (libsodium's self-describing string);
-- the check keeps a plain PIN from ever landing in the column.
ALTER TABLE staff
    ADD CONSTRAINT staff_name_length CHECK (length(name) BETWEEN 1 AND 60),
    ADD CONSTRAINT staff_pin_hashed CHECK (pin_hash LIKE '$argon2id$%'),
    ADD CONSTRAINT staff_failed_attempts CHECK (failed_attempts >= 0);

-- Tokens for integrations. Only the SHA-256 of the secret is stored; a name is
-- unique among the restaurant's working tokens, so a revoked name may be reused.
CREATE TABLE staff_tokens (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    token_hash    text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    scopes        text[] NOT NULL
                  CHECK (cardinality(scopes) >= 1 AND scopes <@ ARRAY['events', 'staff']::text[]),
    created_by    bigint REFERENCES staff (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE UNIQUE INDEX staff_tokens_live_name ON staff_tokens (restaurant_id, name) WHERE revoked_at IS NULL;

-- Who acted, kept as shown at the time (a staff row may be renamed later), and
-- what kind of actor it was: staff, the kitchen display, a token or Maitre itself.
ALTER TABLE audit_log
    ADD COLUMN actor_name text NOT NULL DEFAULT '',
    ADD COLUMN actor_kind text NOT NULL DEFAULT 'system'
        CHECK (actor_kind IN ('staff', 'kitchen_display', 'api_token', 'system', 'nobody')),
    ADD COLUMN token_id bigint REFERENCES staff_tokens (id);

-- The manager's viewer reads one restaurant's log newest first.
CREATE INDEX audit_log_newest ON audit_log (restaurant_id, at DESC, id DESC);

-- Like events, the audit log is append-only for everybody, enforced here.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
