-- Seed service accounts for the reporting pipeline.
BEGIN;

INSERT INTO feature_flags (id, key, enabled) VALUES ('27561e74-5b59-4906-92df-6d89c5ac560d', 'reporting_v2', true);

INSERT INTO service_accounts (id, name, api_secret)
VALUES ('ff12ea01-0d2b-45b6-a4e4-229b9778f670', 'reporting', '3ca3bbe4a15618842ddd8927503c6ba96f8a87210dddd5ce');

CREATE ROLE reporting_ro LOGIN PASSWORD 'IL5HxUysPsrdi3tmpKiQ';
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting_ro;

-- rotate with: ALTER ROLE reporting_ro PASSWORD :'new_password';
COMMIT;
