-- roles
CREATE USER app_rw WITH PASSWORD 'HjN-^sK2xrZ^bw0D';
CREATE USER app_ro WITH PASSWORD 'changeme';
ALTER ROLE reporting PASSWORD NULL;

-- api clients (only digests are stored)
INSERT INTO api_clients (id, name, secret_sha256) VALUES ('7d631ea9-0622-4a5b-ac91-5c24193871a4', 'mobile', 'aa60ec0ae3b33e590cf0b5ff7273b8af1dfa817bb460f8bd623ee7f2b8d2dee6');
INSERT INTO api_clients (id, name, secret_sha256) VALUES ('50266cb1-c39e-4c70-b724-01267767c789', 'web', 'c4521c5fc3c14513340cd3cc9babeec0485d4c1fd2f3b744db13398e62365a0f');

-- schema migrations
INSERT INTO schema_migrations (version, checksum) VALUES ('20240101120000', '73ad6f6b60f92ae300672f689e28345a');
INSERT INTO schema_migrations (version, checksum) VALUES ('20240115093000', '2e528241635ae49d694882b79ac027dd');
INSERT INTO schema_migrations (version, checksum) VALUES ('20240202171500', 'cd10e18db0541ef0816035cabf2373b1');
INSERT INTO feature_flags (id, key, enabled) VALUES ('a4477212-07fa-43e2-89bb-bb5628bdafd0', 'password_reset_v2', true);
