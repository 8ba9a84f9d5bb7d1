-- First cut of Maitre's schema (see DESIGN.md, "Data").
-- Money is integer cents, times are timestamptz, every table carries restaurant_id.

CREATE TABLE restaurants (
    id          bigserial PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    timezone    text NOT NULL DEFAULT 'UTC',
    settings    jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dining_tables (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    label         text NOT NULL CHECK (length(label) BETWEEN 1 AND 40),
    seats         integer NOT NULL CHECK (seats BETWEEN 1 AND 50),
    combinable    boolean NOT NULL DEFAULT false,
    state         text NOT NULL DEFAULT 'free'
                  CHECK (state IN ('free', 'occupied', 'reserved', 'out_of_service')),
    position      integer NOT NULL DEFAULT 0,
    UNIQUE (restaurant_id, label)
);

CREATE TABLE menu_categories (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    position      integer NOT NULL DEFAULT 0,
    UNIQUE (restaurant_id, name)
);

CREATE TABLE menu_items (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    category_id   bigint NOT NULL REFERENCES menu_categories (id),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description   text NOT NULL DEFAULT '',
    price_cents   integer NOT NULL CHECK (price_cents >= 0),
    prep_minutes  integer NOT NULL DEFAULT 10 CHECK (prep_minutes BETWEEN 0 AND 240),
    station       text NOT NULL CHECK (length(station) BETWEEN 1 AND 40),
    tags          text[] NOT NULL DEFAULT '{}',
    available     boolean NOT NULL DEFAULT true,
    position      integer NOT NULL DEFAULT 0,
    UNIQUE (restaurant_id, name)
);

CREATE TABLE parties (
    id                  bigserial PRIMARY KEY,
    restaurant_id       bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    size                integer NOT NULL CHECK (size BETWEEN 1 AND 50),
    phone               text,
    status              text NOT NULL DEFAULT 'waiting'
                        CHECK (status IN ('waiting', 'notified', 'seated', 'done', 'cancelled', 'no_show')),
    position            integer,
    quoted_wait_minutes integer CHECK (quoted_wait_minutes >= 0),
    table_id            bigint REFERENCES dining_tables (id),
    token               text NOT NULL UNIQUE CHECK (length(token) >= 22),
    code                text NOT NULL CHECK (length(code) BETWEEN 4 AND 6),
    idempotency_key     text,
    joined_at           timestamptz NOT NULL DEFAULT now(),
    notified_at         timestamptz,
    seated_at           timestamptz,
    left_at             timestamptz,
    UNIQUE (restaurant_id, idempotency_key)
);
-- A code is read aloud: it must be unique among the restaurant's active parties.
CREATE UNIQUE INDEX parties_active_code ON parties (restaurant_id, code)
    WHERE status IN ('waiting', 'notified');
CREATE INDEX parties_active ON parties (restaurant_id, status) WHERE status IN ('waiting', 'notified', 'seated');

CREATE TABLE orders (
    id                  bigserial PRIMARY KEY,
    restaurant_id       bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    party_id            bigint REFERENCES parties (id),
    kind                text NOT NULL CHECK (kind IN ('preorder', 'dine_in', 'takeout', 'delivery', 'voice')),
    status              text NOT NULL
                        CHECK (status IN ('held', 'received', 'preparing', 'ready', 'served', 'picked_up',
                                          'out_for_delivery', 'delivered', 'cancelled')),
    token               text NOT NULL UNIQUE CHECK (length(token) >= 22),
    code                text NOT NULL CHECK (length(code) BETWEEN 4 AND 6),
    idempotency_key     text,
    customer_name       text,
    customer_phone      text,
    subtotal_cents      integer NOT NULL DEFAULT 0 CHECK (subtotal_cents >= 0),
    tax_cents           integer NOT NULL DEFAULT 0 CHECK (tax_cents >= 0),
    delivery_fee_cents  integer NOT NULL DEFAULT 0 CHECK (delivery_fee_cents >= 0),
    total_cents         integer NOT NULL DEFAULT 0 CHECK (total_cents >= 0),
    fire_at             timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (restaurant_id, idempotency_key)
);
CREATE INDEX orders_open ON orders (restaurant_id, status)
    WHERE status IN ('held', 'received', 'preparing', 'ready', 'out_for_delivery');

CREATE TABLE order_items (
    id                bigserial PRIMARY KEY,
    restaurant_id     bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    order_id          bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    menu_item_id      bigint NOT NULL REFERENCES menu_items (id),
    name              text NOT NULL,
    quantity          integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    unit_price_cents  integer NOT NULL CHECK (unit_price_cents >= 0),
    note              text NOT NULL DEFAULT '',
    modifiers         jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX order_items_order ON order_items (order_id);

CREATE TABLE tickets (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    order_id      bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    station       text NOT NULL,
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'bumped')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    bumped_at     timestamptz,
    UNIQUE (order_id, station)
);

CREATE TABLE ticket_items (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    ticket_id     bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    order_item_id bigint NOT NULL REFERENCES order_items (id) ON DELETE CASCADE,
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'started', 'done')),
    bumped_at     timestamptz
);

CREATE TABLE drivers (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    name          text NOT NULL,
    phone         text,
    token_hash    text UNIQUE,
    active        boolean NOT NULL DEFAULT true,
    last_lat      double precision,
    last_lon      double precision,
    last_seen_at  timestamptz
);

CREATE TABLE deliveries (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    order_id      bigint NOT NULL UNIQUE REFERENCES orders (id) ON DELETE CASCADE,
    address       jsonb NOT NULL,
    lat           double precision,
    lon           double precision,
    driver_id     bigint REFERENCES drivers (id),
    status        text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'assigned', 'out_for_delivery', 'delivered', 'cancelled')),
    stop_order    integer,
    assigned_at   timestamptz,
    out_at        timestamptz,
    delivered_at  timestamptz
);

CREATE TABLE payments (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    order_id      bigint NOT NULL REFERENCES orders (id),
    method        text NOT NULL CHECK (method IN ('card', 'counter')),
    provider      text,
    provider_ref  text,
    amount_cents  integer NOT NULL CHECK (amount_cents >= 0),
    status        text NOT NULL CHECK (status IN ('pending', 'authorized', 'captured', 'failed', 'refunded')),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feedback (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    party_id      bigint REFERENCES parties (id),
    order_id      bigint REFERENCES orders (id),
    rating        integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment       text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (party_id IS NOT NULL OR order_id IS NOT NULL)
);

CREATE TABLE staff (
    id              bigserial PRIMARY KEY,
    restaurant_id   bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    name            text NOT NULL,
    role            text NOT NULL CHECK (role IN ('host', 'kitchen', 'manager', 'owner')),
    pin_hash        text NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (restaurant_id, name)
);

CREATE TABLE audit_log (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    staff_id      bigint REFERENCES staff (id),
    action        text NOT NULL,
    details       jsonb NOT NULL DEFAULT '{}',
    at            timestamptz NOT NULL DEFAULT now()
);

-- Every domain event, in the same transaction as the change it records.
CREATE TABLE events (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint REFERENCES restaurants (id),
    type          text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    payload       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_restaurant_time ON events (restaurant_id, occurred_at);

-- Announce each event when (and only when) its transaction commits. A payload
-- too large for NOTIFY's 8000 bytes is left out; listeners read it from the table.
CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    message jsonb := jsonb_build_object('id', NEW.id, 'restaurant_id', NEW.restaurant_id, 'type', NEW.type,
                                        'occurred_at', to_char(NEW.occurred_at AT TIME ZONE 'UTC',
                                                               'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                        'payload', NEW.payload);
BEGIN
    IF octet_length(message::text) > 7900 THEN
        message := message - 'payload' || jsonb_build_object('payload_omitted', true);
    END IF;
    PERFORM pg_notify('maitre', message::text);
    RETURN NULL;
END $$;
CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_notify();

-- The log is append-only for everybody, enforced here and not only in code.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
