-- After the bulk insert: the lookups places.py makes.
CREATE INDEX names_by_key ON names (name_key);
CREATE UNIQUE INDEX places_by_id ON places (place_id);
CREATE INDEX places_by_admin ON places (country_code, place_type, admin1_code, admin2_code);
CREATE INDEX skeletons_by_key ON skeletons (country_code, skeleton);
