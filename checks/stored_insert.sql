-- Keeps the check results of a region: the settings' and the facts'
-- fingerprints they were made under, and the results as JSON.
INSERT INTO check_stored VALUES ($region, $settings, $facts, $results::JSON)
