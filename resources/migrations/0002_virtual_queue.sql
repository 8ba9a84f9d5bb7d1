-- The virtual queue: quotes recorded for accuracy reports, combined tables,
-- tables that need cleaning, idempotent joins, notes.

-- Positions are computed from queue order (dense by construction), not stored.
ALTER TABLE parties DROP COLUMN position;
ALTER TABLE parties
    ADD COLUMN quote_low_minutes integer CHECK (quote_low_minutes >= 0),
    ADD COLUMN quote_high_minutes integer CHECK (quote_high_minutes >= 0),
    ADD COLUMN idempotency_hash text,
    ADD COLUMN notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
    ADD COLUMN source text NOT NULL DEFAULT 'diner' CHECK (source IN ('diner', 'host'));
CREATE INDEX parties_history ON parties (restaurant_id, seated_at) WHERE status = 'done';

ALTER TABLE dining_tables DROP CONSTRAINT dining_tables_state_check;
ALTER TABLE dining_tables ADD CONSTRAINT dining_tables_state_check
    CHECK (state IN ('free', 'occupied', 'dirty', 'reserved', 'out_of_service'));

-- A seated party holds one table, or several combined for a large party.
CREATE TABLE party_tables (
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    party_id      bigint NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    table_id      bigint NOT NULL REFERENCES dining_tables (id),
    PRIMARY KEY (party_id, table_id)
);
CREATE INDEX party_tables_table ON party_tables (table_id);

-- Every quote given (at join and when the host re-quotes), so accuracy can be
-- reported against the actual wait (parties.seated_at − parties.joined_at).
CREATE TABLE wait_quotes (
    id              bigserial PRIMARY KEY,
    restaurant_id   bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    party_id        bigint REFERENCES parties (id) ON DELETE CASCADE,
    party_size      integer NOT NULL,
    parties_ahead   integer NOT NULL,
    quoted_minutes  integer NOT NULL,
    low_minutes     integer NOT NULL,
    high_minutes    integer NOT NULL,
    quoted_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wait_quotes_party ON wait_quotes (party_id);

-- Pre-orders: one held order per party at most.
CREATE UNIQUE INDEX orders_one_preorder ON orders (party_id) WHERE kind = 'preorder';
CREATE INDEX orders_held_fire ON orders (fire_at) WHERE status = 'held';
