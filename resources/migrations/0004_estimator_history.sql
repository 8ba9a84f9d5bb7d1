-- What the wait estimator learns reads the restaurant's recent parties, newest
-- first, whatever their status (walk-aways and walk backs as well as visits).
CREATE INDEX parties_joined ON parties (restaurant_id, joined_at);
