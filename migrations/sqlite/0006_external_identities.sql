-- Identities at external providers (the national e-ID over OpenID Connect) linked to accounts
-- (src/domain/identity/external_identity.cpp). The provider's (issuer, subject) pair is the stable
-- key: once linked, later sign-ins find the account by it even if the provider stops sending the
-- CCCD claim. Times are UTC text as in 0005.
CREATE TABLE external_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    linked_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX external_identities_account ON external_identities (account_id);
