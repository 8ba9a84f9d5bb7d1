-- Takeout, delivery, dine-in and voice orders (issue 5): where an order came
-- from, when it should be ready, why it was cancelled, and what makes a retry
-- with the same Idempotency-Key safe.

-- The same key with another body is refused: the body's SHA-256 is kept with
-- the key. Orders keep their keys for good (orders_restaurant_id_idempotency_key_key).
ALTER TABLE orders
    ADD COLUMN source text NOT NULL DEFAULT 'web' CHECK (source IN ('web', 'voice', 'counter')),
    ADD COLUMN idempotency_hash text,
    ADD COLUMN eta timestamptz,
    ADD COLUMN cancel_reason text CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 500),
    ADD CONSTRAINT orders_customer_name CHECK (customer_name IS NULL OR length(customer_name) <= 80),
    ADD CONSTRAINT orders_total CHECK (total_cents = subtotal_cents + tax_cents + delivery_fee_cents
                                       OR kind = 'preorder');

-- The orders view and the daily export read one day at a time.
CREATE INDEX orders_created ON orders (restaurant_id, created_at, id);

-- A payment is refunded when its order is cancelled; the time says when.
ALTER TABLE payments
    ADD COLUMN currency text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
    ADD COLUMN refunded_at timestamptz,
    ADD CONSTRAINT payments_refunded_time CHECK ((status = 'refunded') = (refunded_at IS NOT NULL));
CREATE INDEX payments_order ON payments (order_id);

-- Attempts that wrote no order but must answer a retry the same way: a
-- declined card is declined again without charging a second time. (A
-- provider timeout is not kept: retrying it is safe.) Kept at least 48 hours,
-- then pruned by OrderService.
CREATE TABLE order_attempts (
    id              bigserial PRIMARY KEY,
    restaurant_id   bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    fingerprint     text NOT NULL,
    outcome         text NOT NULL CHECK (outcome IN ('declined')),
    detail          text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (restaurant_id, idempotency_key)
);
CREATE INDEX order_attempts_age ON order_attempts (created_at);
