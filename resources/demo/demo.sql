-- The demo restaurant that `maitre --demo` (or the first-run button) creates
-- in an empty database: enough to try every view.
WITH r AS (
    INSERT INTO restaurants (slug, name, timezone, settings)
    VALUES ('demo', 'Trattoria Demo', 'Europe/Madrid',
            '{"tax_rate_bp": 1000, "delivery_fee_cents": 350, "currency": "EUR",
              "latitude": 40.4153, "longitude": -3.7074, "delivery_radius_m": 5000}')
    RETURNING id
), t AS (
    INSERT INTO dining_tables (restaurant_id, label, seats, combinable, position)
    SELECT r.id, v.label, v.seats, v.combinable, v.position
    FROM r, (VALUES ('T1', 2, true, 1), ('T2', 2, true, 2), ('T3', 2, true, 3), ('T4', 2, false, 4),
                    ('T5', 4, true, 5), ('T6', 4, true, 6), ('T7', 4, false, 7), ('T8', 4, false, 8),
                    ('T9', 6, false, 9), ('T10', 6, false, 10), ('T11', 8, false, 11),
                    ('B1', 1, false, 12), ('B2', 1, false, 13), ('P1', 10, false, 14))
         AS v (label, seats, combinable, position)
    RETURNING id
), c AS (
    INSERT INTO menu_categories (restaurant_id, name, position)
    SELECT r.id, v.name, v.position
    FROM r, (VALUES ('Starters', 1), ('Pizza & Pasta', 2), ('Mains', 3), ('Desserts', 4), ('Drinks', 5))
         AS v (name, position)
    RETURNING id, name, restaurant_id
)
INSERT INTO menu_items (restaurant_id, category_id, name, description, price_cents, prep_minutes, station, tags, position)
SELECT c.restaurant_id, c.id, v.name, v.description, v.price_cents, v.prep_minutes, v.station, v.tags::text[], v.position
FROM c JOIN (VALUES
    ('Starters', 'Bruschetta al pomodoro', 'Grilled bread, tomato, basil, garlic', 750, 6, 'cold', '{vegan}', 1),
    ('Starters', 'Burrata', 'Burrata, heirloom tomatoes, olive oil', 1150, 5, 'cold', '{vegetarian,gluten-free}', 2),
    ('Starters', 'Fritto misto', 'Fried calamari, prawns and courgette, lemon aioli', 1250, 9, 'fry', '{}', 3),
    ('Starters', 'Arancini', 'Saffron risotto balls, mozzarella, tomato sauce', 850, 8, 'fry', '{vegetarian}', 4),
    ('Starters', 'Minestrone', 'Seasonal vegetable soup', 700, 4, 'cold', '{vegan,gluten-free}', 5),
    ('Starters', 'Carpaccio di manzo', 'Beef carpaccio, rocket, parmesan', 1300, 6, 'cold', '{gluten-free}', 6),
    ('Pizza & Pasta', 'Pizza Margherita', 'Tomato, mozzarella, basil', 1100, 12, 'grill', '{vegetarian}', 1),
    ('Pizza & Pasta', 'Pizza Diavola', 'Tomato, mozzarella, spicy salami, chilli', 1350, 12, 'grill', '{spicy}', 2),
    ('Pizza & Pasta', 'Pizza Ortolana', 'Grilled vegetables, vegan cheese', 1300, 13, 'grill', '{vegan}', 3),
    ('Pizza & Pasta', 'Spaghetti carbonara', 'Guanciale, egg yolk, pecorino, black pepper', 1400, 10, 'grill', '{}', 4),
    ('Pizza & Pasta', 'Penne all''arrabbiata', 'Tomato, garlic, chilli', 1150, 10, 'grill', '{vegan,spicy}', 5),
    ('Pizza & Pasta', 'Lasagne al forno', 'Beef ragù, béchamel, parmesan', 1550, 8, 'grill', '{}', 6),
    ('Pizza & Pasta', 'Risotto ai funghi', 'Porcini risotto, parmesan', 1600, 18, 'grill', '{vegetarian,gluten-free}', 7),
    ('Mains', 'Bistecca alla griglia', 'Grilled rib-eye, rosemary potatoes', 2900, 20, 'grill', '{gluten-free}', 1),
    ('Mains', 'Pollo alla diavola', 'Spicy grilled chicken, salad', 1900, 18, 'grill', '{spicy,gluten-free}', 2),
    ('Mains', 'Branzino', 'Whole sea bass, lemon, capers', 2400, 16, 'grill', '{gluten-free}', 3),
    ('Mains', 'Melanzane alla parmigiana', 'Aubergine, tomato, mozzarella, basil', 1700, 14, 'grill', '{vegetarian}', 4),
    ('Mains', 'Patatine fritte', 'Fries with rosemary salt', 500, 6, 'fry', '{vegan,gluten-free}', 5),
    ('Mains', 'Insalata verde', 'Green salad, lemon dressing', 600, 3, 'cold', '{vegan,gluten-free}', 6),
    ('Desserts', 'Tiramisù', 'Mascarpone, coffee, cocoa', 750, 3, 'pastry', '{vegetarian}', 1),
    ('Desserts', 'Panna cotta', 'Vanilla panna cotta, berries', 700, 3, 'pastry', '{vegetarian,gluten-free}', 2),
    ('Desserts', 'Cannoli', 'Ricotta, pistachio', 650, 4, 'pastry', '{vegetarian,contains-nuts}', 3),
    ('Desserts', 'Affogato', 'Vanilla gelato, espresso', 550, 2, 'bar', '{vegetarian,gluten-free}', 4),
    ('Drinks', 'Espresso', '', 220, 2, 'bar', '{vegan,gluten-free}', 1),
    ('Drinks', 'Limonata', 'House lemonade', 400, 2, 'bar', '{vegan,gluten-free}', 2),
    ('Drinks', 'Negroni', 'Gin, vermouth, Campari', 950, 3, 'bar', '{vegan,gluten-free}', 3),
    ('Drinks', 'Chianti (glass)', '', 700, 1, 'bar', '{vegan,gluten-free}', 4),
    ('Drinks', 'Acqua frizzante', 'Sparkling water, 75 cl', 350, 1, 'bar', '{vegan,gluten-free}', 5)
) AS v (category, name, description, price_cents, prep_minutes, station, tags, position)
ON v.category = c.name;
