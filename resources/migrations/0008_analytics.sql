-- Analytics (issue 6): the event log made resumable, one feedback per visit
-- or order, an `analytics` schema of views over the restaurant's own tables,
-- and a read-only role for BI tools.

-- The transaction that wrote each event. The event stream delivers the log in
-- (xact, id) order and only events older than every transaction still
-- running, so a client resuming from Last-Event-ID sees no gap and no repeat
-- even though ids are handed out before their transactions commit.
ALTER TABLE events ADD COLUMN xact xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX events_stream ON events (restaurant_id, xact, id);

-- A bulk load (the history generator) writes millions of events in one
-- transaction; announcing each would flood every listener, so a session that
-- sets maitre.bulk_load announces none. The rows are the same.
CREATE OR REPLACE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    message jsonb;
BEGIN
    IF current_setting('maitre.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    message := jsonb_build_object('id', NEW.id, 'restaurant_id', NEW.restaurant_id, 'type', NEW.type,
                                  'occurred_at', to_char(NEW.occurred_at AT TIME ZONE 'UTC',
                                                         'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                  'payload', NEW.payload);
    IF octet_length(message::text) > 7900 THEN
        message := message - 'payload' || jsonb_build_object('payload_omitted', true);
    END IF;
    PERFORM pg_notify('maitre', message::text);
    RETURN NULL;
END $$;

-- Feedback is about one visit or one order, given once.
ALTER TABLE feedback ADD CONSTRAINT feedback_one_subject CHECK (num_nonnulls(party_id, order_id) = 1);
CREATE UNIQUE INDEX feedback_once_per_party ON feedback (party_id) WHERE party_id IS NOT NULL;
CREATE UNIQUE INDEX feedback_once_per_order ON feedback (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX feedback_created ON feedback (restaurant_id, created_at);

-- The live part of every rollup below reads the tables by time.
CREATE INDEX orders_created_at ON orders (created_at);
CREATE INDEX parties_seated ON parties (restaurant_id, seated_at) WHERE seated_at IS NOT NULL;
CREATE INDEX parties_joined_at ON parties (joined_at);
CREATE INDEX feedback_created_at ON feedback (created_at);

CREATE SCHEMA analytics;
COMMENT ON SCHEMA analytics IS
    'Maitre''s analytics: read these views (role maitre_analytics). Times are the restaurant''s local time; money is integer cents, net of tax.';

-- Rows older than this come from the rollups (materialized, refreshed
-- concurrently by Maitre so readers never wait); newer rows are read from the
-- tables at query time, so today's figures are always live.
CREATE FUNCTION analytics.live_horizon() RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT date_trunc('hour', now()) - interval '48 hours' $$;

-- Which channel an order came through: the dining room (pre-orders included),
-- the counter or web for takeout, delivery, or a phone call (voice orders).
CREATE FUNCTION analytics.channel(kind text, source text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN source = 'voice' THEN 'phone' WHEN kind IN ('preorder', 'dine_in') THEN 'dine_in' ELSE kind END $$;

-- Orders that count as sales (not held, not cancelled) and covers (diners
-- seated), one row each, stamped with the restaurant's local hour.
CREATE VIEW analytics.sales_rows AS
SELECT o.restaurant_id, o.created_at AS at,
       date_trunc('hour', o.created_at AT TIME ZONE r.timezone) AS hour,
       analytics.channel(o.kind, o.source) AS channel,
       1 AS orders, 0 AS covers,
       o.subtotal_cents::bigint AS net_cents, o.tax_cents::bigint AS tax_cents,
       o.delivery_fee_cents::bigint AS delivery_fee_cents, o.total_cents::bigint AS gross_cents
  FROM orders o JOIN restaurants r ON r.id = o.restaurant_id
 WHERE o.status NOT IN ('held', 'cancelled')
UNION ALL
SELECT p.restaurant_id, p.seated_at AS at,
       date_trunc('hour', p.seated_at AT TIME ZONE r.timezone) AS hour,
       'dine_in' AS channel,
       0 AS orders, p.size AS covers,
       0::bigint, 0::bigint, 0::bigint, 0::bigint
  FROM parties p JOIN restaurants r ON r.id = p.restaurant_id
 WHERE p.seated_at IS NOT NULL AND p.status IN ('seated', 'done');

CREATE MATERIALIZED VIEW analytics.sales_hourly_rollup AS
SELECT s.restaurant_id, s.hour, s.channel,
       sum(s.orders)::bigint AS orders, sum(s.covers)::bigint AS covers,
       sum(s.net_cents)::bigint AS net_cents, sum(s.tax_cents)::bigint AS tax_cents,
       sum(s.delivery_fee_cents)::bigint AS delivery_fee_cents, sum(s.gross_cents)::bigint AS gross_cents,
       h.through
  FROM (SELECT analytics.live_horizon() AS through) h
  JOIN analytics.sales_rows s ON s.at < h.through
 GROUP BY s.restaurant_id, s.hour, s.channel, h.through;
CREATE UNIQUE INDEX sales_hourly_rollup_key ON analytics.sales_hourly_rollup (restaurant_id, hour, channel);

-- Sales and covers per local hour and channel.
CREATE VIEW analytics.sales_hourly AS
SELECT restaurant_id, hour, hour::date AS day, extract(isodow FROM hour)::int AS iso_weekday,
       extract(hour FROM hour)::int AS hour_of_day, channel,
       sum(orders)::bigint AS orders, sum(covers)::bigint AS covers, sum(net_cents)::bigint AS net_cents,
       sum(tax_cents)::bigint AS tax_cents, sum(delivery_fee_cents)::bigint AS delivery_fee_cents,
       sum(gross_cents)::bigint AS gross_cents
  FROM (SELECT restaurant_id, hour, channel, orders, covers, net_cents, tax_cents, delivery_fee_cents, gross_cents
          FROM analytics.sales_hourly_rollup
        UNION ALL
        SELECT restaurant_id, hour, channel, orders, covers, net_cents, tax_cents, delivery_fee_cents, gross_cents
          FROM analytics.sales_rows
         WHERE at >= coalesce((SELECT through FROM analytics.sales_hourly_rollup LIMIT 1), '-infinity')) u
 GROUP BY restaurant_id, hour, channel;

-- Sales and covers per local day and channel, with the average order value.
CREATE VIEW analytics.sales_daily AS
SELECT restaurant_id, day, channel, sum(orders)::bigint AS orders, sum(covers)::bigint AS covers,
       sum(net_cents)::bigint AS net_cents, sum(tax_cents)::bigint AS tax_cents,
       sum(delivery_fee_cents)::bigint AS delivery_fee_cents, sum(gross_cents)::bigint AS gross_cents,
       CASE WHEN sum(orders) > 0 THEN round(sum(net_cents)::numeric / sum(orders))::bigint END
           AS average_order_cents
  FROM analytics.sales_hourly
 GROUP BY restaurant_id, day, channel;

-- Dishes sold, one row per order line of a sale.
CREATE VIEW analytics.menu_rows AS
SELECT o.restaurant_id, o.created_at AS at, (o.created_at AT TIME ZONE r.timezone)::date AS day,
       oi.menu_item_id, oi.order_id, oi.quantity::bigint AS quantity,
       (oi.quantity * oi.unit_price_cents)::bigint AS net_cents
  FROM order_items oi
  JOIN orders o ON o.id = oi.order_id
  JOIN restaurants r ON r.id = o.restaurant_id
 WHERE o.status NOT IN ('held', 'cancelled');

CREATE MATERIALIZED VIEW analytics.menu_daily_rollup AS
SELECT m.restaurant_id, m.day, m.menu_item_id, sum(m.quantity)::bigint AS quantity,
       sum(m.net_cents)::bigint AS net_cents, count(DISTINCT m.order_id)::bigint AS orders, h.through
  FROM (SELECT analytics.live_horizon() AS through) h
  JOIN analytics.menu_rows m ON m.at < h.through
 GROUP BY m.restaurant_id, m.day, m.menu_item_id, h.through;
CREATE UNIQUE INDEX menu_daily_rollup_key ON analytics.menu_daily_rollup (restaurant_id, day, menu_item_id);

-- Each dish's sales per local day (name, category and station as on the menu today).
CREATE VIEW analytics.menu_daily AS
SELECT u.restaurant_id, u.day, u.menu_item_id, i.name, c.name AS category, i.station,
       sum(u.quantity)::bigint AS quantity, sum(u.net_cents)::bigint AS net_cents, sum(u.orders)::bigint AS orders
  FROM (SELECT restaurant_id, day, menu_item_id, quantity, net_cents, orders FROM analytics.menu_daily_rollup
        UNION ALL
        SELECT restaurant_id, day, menu_item_id, sum(quantity), sum(net_cents), count(DISTINCT order_id)
          FROM analytics.menu_rows
         WHERE at >= coalesce((SELECT through FROM analytics.menu_daily_rollup LIMIT 1), '-infinity')
         GROUP BY restaurant_id, day, menu_item_id) u
  JOIN menu_items i ON i.id = u.menu_item_id
  JOIN menu_categories c ON c.id = i.category_id
 GROUP BY u.restaurant_id, u.day, u.menu_item_id, i.name, c.name, i.station;

-- The menu as it is today, without anything private: what the dashboard and
-- the co-pilot list dishes by, sold or not.
CREATE VIEW analytics.dishes AS
SELECT i.restaurant_id, i.id AS menu_item_id, i.name, c.name AS category, i.station, i.price_cents,
       i.prep_minutes, i.tags, i.available
  FROM menu_items i JOIN menu_categories c ON c.id = i.category_id;

-- Every dish on the menu over the last 28 days against the 28 before: what
-- it sold, its share of the food revenue and the change.
CREATE VIEW analytics.menu_performance AS
WITH local_today AS (
    SELECT r.id AS restaurant_id, (now() AT TIME ZONE r.timezone)::date AS today FROM restaurants r),
periods AS (
    SELECT d.restaurant_id, d.menu_item_id,
           sum(d.quantity) FILTER (WHERE d.day > t.today - 28)::bigint AS quantity,
           sum(d.net_cents) FILTER (WHERE d.day > t.today - 28)::bigint AS net_cents,
           sum(d.quantity) FILTER (WHERE d.day <= t.today - 28)::bigint AS previous_quantity,
           sum(d.net_cents) FILTER (WHERE d.day <= t.today - 28)::bigint AS previous_net_cents
      FROM analytics.menu_daily d JOIN local_today t USING (restaurant_id)
     WHERE d.day > t.today - 56
     GROUP BY d.restaurant_id, d.menu_item_id)
SELECT i.restaurant_id, i.id AS menu_item_id, i.name, c.name AS category, i.price_cents, i.available,
       coalesce(p.quantity, 0) AS quantity, coalesce(p.net_cents, 0) AS net_cents,
       round(coalesce(p.net_cents, 0)::numeric / nullif(sum(coalesce(p.net_cents, 0)) OVER w, 0), 4)
           AS revenue_share,
       coalesce(p.previous_quantity, 0) AS previous_quantity, coalesce(p.previous_net_cents, 0) AS previous_net_cents,
       round((coalesce(p.quantity, 0) - coalesce(p.previous_quantity, 0))::numeric
             / nullif(p.previous_quantity, 0), 4) AS quantity_trend
  FROM menu_items i
  JOIN menu_categories c ON c.id = i.category_id
  LEFT JOIN periods p ON p.menu_item_id = i.id
WINDOW w AS (PARTITION BY i.restaurant_id);

-- Parties in the queue, one row each, by the local hour they joined:
-- whether they were seated, walked away before being called (cancelled or no
-- show before a notify) or did not come when called, the quote against the
-- actual wait of those seated, and the table turn of those done.
CREATE VIEW analytics.queue_rows AS
SELECT p.restaurant_id, p.joined_at AS at,
       date_trunc('hour', p.joined_at AT TIME ZONE r.timezone) AS hour, p.size AS party_size,
       1 AS parties,
       (p.status IN ('seated', 'done'))::int AS seated,
       (p.status = 'no_show')::int AS no_shows,
       (p.status IN ('cancelled', 'no_show') AND p.notified_at IS NULL)::int AS walk_aways,
       (p.status = 'cancelled')::int AS cancelled,
       q.quoted, w.waited,
       CASE WHEN q.quoted IS NOT NULL AND w.waited IS NOT NULL THEN 1 ELSE 0 END AS quoted_and_seated,
       abs(w.waited - q.quoted) AS quote_error,
       CASE WHEN w.waited IS NOT NULL AND p.quote_low_minutes IS NOT NULL
            THEN (w.waited BETWEEN p.quote_low_minutes AND p.quote_high_minutes)::int END AS within_range,
       CASE WHEN p.status = 'done' AND p.left_at IS NOT NULL AND p.seated_at IS NOT NULL
            THEN extract(epoch FROM p.left_at - p.seated_at) / 60.0 END AS turn_minutes
  FROM parties p
  JOIN restaurants r ON r.id = p.restaurant_id
 CROSS JOIN LATERAL (SELECT CASE WHEN p.seated_at IS NOT NULL AND p.status IN ('seated', 'done')
                                 THEN extract(epoch FROM p.seated_at - p.joined_at) / 60.0 END AS waited) w
 CROSS JOIN LATERAL (SELECT p.quoted_wait_minutes::double precision AS quoted) q;

CREATE MATERIALIZED VIEW analytics.queue_hourly_rollup AS
SELECT q.restaurant_id, q.hour, q.party_size,
       sum(q.parties)::bigint AS parties, sum(q.seated)::bigint AS seated, sum(q.no_shows)::bigint AS no_shows,
       sum(q.walk_aways)::bigint AS walk_aways, sum(q.cancelled)::bigint AS cancelled,
       sum(q.quoted_and_seated)::bigint AS quoted_and_seated,
       coalesce(sum(q.quoted) FILTER (WHERE q.quoted_and_seated = 1), 0)::double precision AS quoted_minutes,
       coalesce(sum(q.waited), 0)::double precision AS waited_minutes,
       coalesce(sum(q.waited) FILTER (WHERE q.quoted_and_seated = 1), 0)::double precision
           AS quoted_parties_waited_minutes,
       coalesce(sum(q.quote_error), 0)::double precision AS quote_error_minutes,
       coalesce(sum(q.within_range), 0)::bigint AS within_range,
       count(q.turn_minutes)::bigint AS turns, coalesce(sum(q.turn_minutes), 0)::double precision AS turn_minutes,
       h.through
  FROM (SELECT analytics.live_horizon() AS through) h
  JOIN analytics.queue_rows q ON q.at < h.through
 GROUP BY q.restaurant_id, q.hour, q.party_size, h.through;
CREATE UNIQUE INDEX queue_hourly_rollup_key ON analytics.queue_hourly_rollup (restaurant_id, hour, party_size);

-- The queue per local hour (of joining) and party size. Averages are sums
-- over counts: average wait = waited_minutes / seated, quote error (MAE) =
-- quote_error_minutes / quoted_and_seated, turn time = turn_minutes / turns.
CREATE VIEW analytics.queue_hourly AS
SELECT restaurant_id, hour, hour::date AS day, extract(isodow FROM hour)::int AS iso_weekday,
       extract(hour FROM hour)::int AS hour_of_day, party_size,
       sum(parties)::bigint AS parties, sum(seated)::bigint AS seated, sum(no_shows)::bigint AS no_shows,
       sum(walk_aways)::bigint AS walk_aways, sum(cancelled)::bigint AS cancelled,
       sum(quoted_and_seated)::bigint AS quoted_and_seated, sum(quoted_minutes) AS quoted_minutes,
       sum(waited_minutes) AS waited_minutes, sum(quoted_parties_waited_minutes) AS quoted_parties_waited_minutes,
       sum(quote_error_minutes) AS quote_error_minutes, sum(within_range)::bigint AS within_range,
       sum(turns)::bigint AS turns, sum(turn_minutes) AS turn_minutes
  FROM (SELECT restaurant_id, hour, party_size, parties, seated, no_shows, walk_aways, cancelled, quoted_and_seated,
               quoted_minutes, waited_minutes, quoted_parties_waited_minutes, quote_error_minutes, within_range,
               turns, turn_minutes
          FROM analytics.queue_hourly_rollup
        UNION ALL
        SELECT restaurant_id, hour, party_size, parties, seated, no_shows, walk_aways, cancelled, quoted_and_seated,
               CASE WHEN quoted_and_seated = 1 THEN quoted ELSE 0 END, coalesce(waited, 0),
               CASE WHEN quoted_and_seated = 1 THEN waited ELSE 0 END, coalesce(quote_error, 0),
               coalesce(within_range, 0), (turn_minutes IS NOT NULL)::int, coalesce(turn_minutes, 0)
          FROM analytics.queue_rows
         WHERE at >= coalesce((SELECT through FROM analytics.queue_hourly_rollup LIMIT 1), '-infinity')) u
 GROUP BY restaurant_id, hour, party_size;

-- The queue per local day and party size, as rates and averages.
CREATE VIEW analytics.queue_daily AS
SELECT restaurant_id, day, party_size, sum(parties)::bigint AS parties, sum(seated)::bigint AS seated,
       sum(no_shows)::bigint AS no_shows, sum(walk_aways)::bigint AS walk_aways,
       round((sum(no_shows)::numeric / nullif(sum(parties), 0)), 4) AS no_show_rate,
       round((sum(walk_aways)::numeric / nullif(sum(parties), 0)), 4) AS walk_away_rate,
       round((sum(waited_minutes) / nullif(sum(seated), 0))::numeric, 1) AS average_wait_minutes,
       round((sum(quoted_minutes) / nullif(sum(quoted_and_seated), 0))::numeric, 1) AS average_quote_minutes,
       round((sum(quote_error_minutes) / nullif(sum(quoted_and_seated), 0))::numeric, 1) AS quote_mae_minutes,
       round((sum(within_range)::numeric / nullif(sum(quoted_and_seated), 0)), 4) AS within_range_share,
       round((sum(turn_minutes) / nullif(sum(turns), 0))::numeric, 1) AS average_turn_minutes
  FROM analytics.queue_hourly
 GROUP BY restaurant_id, day, party_size;

-- Table turn times (seated to done) by party size and hour of the day, over
-- the last 90 days.
CREATE VIEW analytics.turn_times AS
SELECT restaurant_id, party_size, hour_of_day, sum(turns)::bigint AS turns,
       round((sum(turn_minutes) / nullif(sum(turns), 0))::numeric, 1) AS average_turn_minutes
  FROM analytics.queue_hourly
 WHERE hour >= (now() - interval '90 days')::timestamp
 GROUP BY restaurant_id, party_size, hour_of_day;

-- What diners said, one row per rating: about a visit or an order (its channel).
CREATE VIEW analytics.feedback_entries AS
SELECT f.id AS feedback_id, f.restaurant_id, f.created_at AS at, (f.created_at AT TIME ZONE r.timezone) AS local_time,
       (f.created_at AT TIME ZONE r.timezone)::date AS day,
       CASE WHEN f.party_id IS NOT NULL THEN 'visit' ELSE analytics.channel(o.kind, o.source) END AS channel,
       f.rating, f.comment, p.size AS party_size
  FROM feedback f
  JOIN restaurants r ON r.id = f.restaurant_id
  LEFT JOIN parties p ON p.id = f.party_id
  LEFT JOIN orders o ON o.id = f.order_id;

CREATE MATERIALIZED VIEW analytics.feedback_daily_rollup AS
SELECT e.restaurant_id, e.day, e.channel, count(*)::bigint AS ratings, sum(e.rating)::bigint AS rating_sum,
       count(*) FILTER (WHERE e.rating = 1)::bigint AS stars_1, count(*) FILTER (WHERE e.rating = 2)::bigint AS stars_2,
       count(*) FILTER (WHERE e.rating = 3)::bigint AS stars_3, count(*) FILTER (WHERE e.rating = 4)::bigint AS stars_4,
       count(*) FILTER (WHERE e.rating = 5)::bigint AS stars_5,
       count(*) FILTER (WHERE e.comment <> '')::bigint AS comments, h.through
  FROM (SELECT analytics.live_horizon() AS through) h
  JOIN analytics.feedback_entries e ON e.at < h.through
 GROUP BY e.restaurant_id, e.day, e.channel, h.through;
CREATE UNIQUE INDEX feedback_daily_rollup_key ON analytics.feedback_daily_rollup (restaurant_id, day, channel);

-- Ratings per local day and channel.
CREATE VIEW analytics.feedback_daily AS
SELECT restaurant_id, day, channel, sum(ratings)::bigint AS ratings, sum(rating_sum)::bigint AS rating_sum,
       round(sum(rating_sum)::numeric / nullif(sum(ratings), 0), 2) AS average_rating,
       sum(stars_1)::bigint AS stars_1, sum(stars_2)::bigint AS stars_2, sum(stars_3)::bigint AS stars_3,
       sum(stars_4)::bigint AS stars_4, sum(stars_5)::bigint AS stars_5, sum(comments)::bigint AS comments
  FROM (SELECT restaurant_id, day, channel, ratings, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5, comments
          FROM analytics.feedback_daily_rollup
        UNION ALL
        SELECT restaurant_id, day, channel, 1, rating, (rating = 1)::int, (rating = 2)::int, (rating = 3)::int,
               (rating = 4)::int, (rating = 5)::int, (comment <> '')::int
          FROM analytics.feedback_entries
         WHERE at >= coalesce((SELECT through FROM analytics.feedback_daily_rollup LIMIT 1), '-infinity')) u
 GROUP BY restaurant_id, day, channel;

-- Is the data whole? One row per restaurant and check: ok, a count or time,
-- and what it means. The consistency checks look at the last 7 days.
CREATE VIEW analytics.health AS
SELECT r.id AS restaurant_id, c.name AS check_name, c.ok, c.value, c.detail
  FROM restaurants r
 CROSS JOIN LATERAL (
    SELECT 'last_event' AS name, true AS ok,
           to_char(e.at AT TIME ZONE r.timezone, 'YYYY-MM-DD HH24:MI:SS') AS value,
           'local time of the newest event in the log' AS detail
      FROM (SELECT max(occurred_at) AS at FROM events WHERE restaurant_id = r.id) e
    UNION ALL
    SELECT 'events_today', true, count(*)::text, 'events logged since local midnight'
      FROM events
     WHERE restaurant_id = r.id AND occurred_at >= (date_trunc('day', now() AT TIME ZONE r.timezone)) AT TIME ZONE r.timezone
    UNION ALL
    SELECT 'rollups_fresh', coalesce(bool_and(x.through >= analytics.live_horizon() - interval '6 hours'), true),
           to_char((min(x.through) + interval '48 hours') AT TIME ZONE r.timezone, 'YYYY-MM-DD HH24:MI'),
           'when the rollups were last refreshed (Maitre refreshes them every 30 minutes)'
      FROM (SELECT (SELECT through FROM analytics.sales_hourly_rollup LIMIT 1) AS through
            UNION ALL SELECT (SELECT through FROM analytics.menu_daily_rollup LIMIT 1)
            UNION ALL SELECT (SELECT through FROM analytics.queue_hourly_rollup LIMIT 1)
            UNION ALL SELECT (SELECT through FROM analytics.feedback_daily_rollup LIMIT 1)) x
    UNION ALL
    SELECT 'orders_without_lines', count(*) = 0, count(*)::text, 'orders of the last 7 days with no dishes'
      FROM orders o
     WHERE o.restaurant_id = r.id AND o.created_at > now() - interval '7 days'
       AND NOT EXISTS (SELECT FROM order_items oi WHERE oi.order_id = o.id)
    UNION ALL
    SELECT 'order_totals', count(*) = 0, count(*)::text,
           'orders of the last 7 days whose subtotal is not the sum of their lines'
      FROM orders o
     WHERE o.restaurant_id = r.id AND o.created_at > now() - interval '7 days'
       AND o.subtotal_cents <> (SELECT coalesce(sum(oi.quantity * oi.unit_price_cents), 0)
                                  FROM order_items oi WHERE oi.order_id = o.id)
    UNION ALL
    SELECT 'orders_without_event', count(*) = 0, count(*)::text,
           'orders of the last 7 days with no order.created or order.held event'
      FROM orders o
     WHERE o.restaurant_id = r.id AND o.created_at > now() - interval '7 days'
       AND NOT EXISTS (SELECT FROM events e
                        WHERE e.restaurant_id = r.id AND e.occurred_at >= o.created_at - interval '1 minute'
                          AND e.occurred_at <= o.created_at + interval '1 minute'
                          AND e.type IN ('order.created', 'order.held')
                          AND (e.payload ->> 'order_id')::bigint = o.id)
    UNION ALL
    SELECT 'stale_parties', count(*) = 0, count(*)::text,
           'parties still waiting, called or seated after 12 hours'
      FROM parties p
     WHERE p.restaurant_id = r.id AND p.status IN ('waiting', 'notified', 'seated')
       AND coalesce(p.seated_at, p.joined_at) < now() - interval '12 hours'
 ) c;

-- The read-only role for BI tools and the co-pilot: it reads the analytics
-- schema and nothing else (no base tables, so no staff, secrets or phone
-- numbers), cannot write, and gives up on runaway queries. Roles belong to
-- the whole cluster; a database user without CREATEROLE (an external
-- database) skips this, and the settings say what to ask the DBA.
DO $$
DECLARE
    allowed boolean := (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user);
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'maitre_analytics') THEN
        IF NOT allowed THEN
            RAISE NOTICE 'maitre_analytics not created: % may not create roles', current_user;
            RETURN;
        END IF;
        BEGIN
            CREATE ROLE maitre_analytics LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
                CONNECTION LIMIT 10;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of this cluster made it at the same moment
        END;
    END IF;
    -- Cluster-wide settings, made once: databases of one cluster migrating at
    -- the same moment (tests) would otherwise update the same catalog row.
    IF allowed AND NOT EXISTS (SELECT FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
                                WHERE r.rolname = 'maitre_analytics' AND s.setdatabase = 0) THEN
        BEGIN
            ALTER ROLE maitre_analytics SET default_transaction_read_only = on;
            ALTER ROLE maitre_analytics SET statement_timeout = '60s';
            ALTER ROLE maitre_analytics SET search_path = analytics;
            -- The restaurant's PC serves diners first: a BI query gets one core,
            -- and no JIT compile time on queries the planner thinks are big.
            ALTER ROLE maitre_analytics SET max_parallel_workers_per_gather = 0;
            ALTER ROLE maitre_analytics SET jit = off;
        EXCEPTION WHEN internal_error THEN
            NULL; -- "tuple concurrently updated": another database's migration set them
        END;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO maitre_analytics', current_database());
    GRANT USAGE ON SCHEMA analytics TO maitre_analytics;
    GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO maitre_analytics;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA analytics TO maitre_analytics;
    ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO maitre_analytics;
    -- Nothing else: no temporary tables, no look into public. Maitre's own
    -- user keeps both explicitly.
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO %I', current_database(), current_user);
    BEGIN
        EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
        GRANT USAGE ON SCHEMA public TO CURRENT_USER;
        REVOKE ALL ON SCHEMA public FROM PUBLIC;
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'PUBLIC keeps its default rights here: % does not own this database', current_user;
    END;
END $$;
