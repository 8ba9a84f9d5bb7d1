-- The kitchen display: ticket and item states with their times, the expo
-- ticket that follows a whole order at the pass, and the indexes the screens
-- read by. Quantity, note and modifiers stay on order_items (one source).

-- A station ticket is one station's share of an order; the expo ticket
-- (station NULL) tracks the whole order.
ALTER TABLE tickets
    ADD COLUMN kind text NOT NULL DEFAULT 'station' CHECK (kind IN ('station', 'expo')),
    ADD COLUMN recalled_at timestamptz,
    ADD COLUMN recall_count integer NOT NULL DEFAULT 0 CHECK (recall_count >= 0);
ALTER TABLE tickets ALTER COLUMN station DROP NOT NULL;
UPDATE tickets SET bumped_at = CASE WHEN status = 'bumped' THEN coalesce(bumped_at, created_at) END;
ALTER TABLE tickets
    ADD CONSTRAINT tickets_station_kind CHECK ((kind = 'expo') = (station IS NULL)),
    ADD CONSTRAINT tickets_station_name CHECK (station IS NULL OR length(station) BETWEEN 1 AND 40),
    ADD CONSTRAINT tickets_bumped_time CHECK ((status = 'bumped') = (bumped_at IS NOT NULL));
-- UNIQUE (order_id, station) already keeps one ticket per station; NULLs are
-- distinct, so the expo ticket needs its own.
CREATE UNIQUE INDEX tickets_one_expo ON tickets (order_id) WHERE kind = 'expo';
-- Open tickets of a restaurant in arrival order (every screen's main read).
CREATE INDEX tickets_open ON tickets (restaurant_id, created_at, id) WHERE status = 'open';
-- "Recall the last bumped ticket" among a day's worth of bumped ones.
CREATE INDEX tickets_bumped ON tickets (restaurant_id, bumped_at DESC) WHERE status = 'bumped';

-- An item may be bumped without being started, so started_at says which it
-- was and a recall can put it back exactly. Items a ticket bump finished are
-- marked, so recalling that ticket reopens them and no others.
ALTER TABLE ticket_items
    ADD COLUMN started_at timestamptz,
    ADD COLUMN bumped_with_ticket boolean NOT NULL DEFAULT false;
UPDATE ticket_items SET started_at = coalesce(started_at, bumped_at, now()) WHERE status = 'started';
UPDATE ticket_items SET bumped_at = CASE WHEN status = 'done' THEN coalesce(bumped_at, now()) END;
ALTER TABLE ticket_items
    ADD CONSTRAINT ticket_items_open_time CHECK (status <> 'open' OR started_at IS NULL),
    ADD CONSTRAINT ticket_items_started_time CHECK (status <> 'started' OR started_at IS NOT NULL),
    ADD CONSTRAINT ticket_items_done_time CHECK ((status = 'done') = (bumped_at IS NOT NULL)),
    ADD CONSTRAINT ticket_items_with_ticket CHECK (NOT bumped_with_ticket OR status = 'done'),
    -- An order line is on one ticket only: nothing shows twice.
    ADD CONSTRAINT ticket_items_once UNIQUE (order_item_id);
CREATE INDEX ticket_items_ticket ON ticket_items (ticket_id);
-- All-day counts: the lines still to cook.
CREATE INDEX ticket_items_open ON ticket_items (restaurant_id) WHERE status <> 'done';

-- The state machines again, here, so that no client (another console, a
-- script) can bump twice: re-stamping a bumped ticket or a done item fails.
CREATE FUNCTION kitchen_no_double_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status AND NEW.bumped_at IS DISTINCT FROM OLD.bumped_at THEN
        RAISE EXCEPTION '% % is already %', TG_TABLE_NAME, OLD.id, OLD.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER tickets_no_double_bump BEFORE UPDATE ON tickets
    FOR EACH ROW EXECUTE FUNCTION kitchen_no_double_bump();
CREATE TRIGGER ticket_items_no_double_bump BEFORE UPDATE ON ticket_items
    FOR EACH ROW EXECUTE FUNCTION kitchen_no_double_bump();
