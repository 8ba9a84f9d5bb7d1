-- Addresses already geocoded through Nominatim (issue 5), so a repeated
-- delivery address costs no request: the public server allows one a second.
-- The query is the address folded to a key (lower case, no accents, no
-- punctuation), so "C/ Mayor, 12" and "calle mayor 12" share a row.
CREATE TABLE geocode_cache (
    restaurant_id bigint NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    query         text NOT NULL CHECK (length(query) BETWEEN 1 AND 500),
    lat           double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon           double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    display_name  text NOT NULL DEFAULT '',
    fetched_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (restaurant_id, query)
);
