#include "persistence/identity_repository.hpp"

#include <soci/soci.h>

#include "core/text/text.hpp"
#include "db/database.hpp"
#include "persistence/audit_repository.hpp"

namespace mocua::persistence {

using domain::identity::Account;
using domain::identity::AccountKind;
using domain::identity::ApiTokenRecord;
using domain::identity::Grant;
using domain::identity::SessionRecord;
using domain::identity::TotpRecord;

namespace {

constexpr const char* kAccountColumns =
    "a.id, a.kind, a.email, a.display_name, a.cccd, a.tax_code, a.phone, a.password_hash, "
    "a.must_change_password, "
    "a.disabled, (SELECT COUNT(*) FROM totp_credentials t WHERE t.account_id = a.id AND t.confirmed_at IS "
    "NOT NULL), "
    "a.created_at";

struct AccountRow {
    long long id = 0;
    std::string kind, email, display_name, cccd, tax_code, phone, password_hash, created_at;
    soci::indicator cccd_ind = soci::i_null, tax_ind = soci::i_null, phone_ind = soci::i_null,
                    hash_ind = soci::i_null;
    int must_change = 0, disabled = 0;
    long long totp = 0;

    void BindTo(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(kind));
        st.exchange(soci::into(email));
        st.exchange(soci::into(display_name));
        st.exchange(soci::into(cccd, cccd_ind));
        st.exchange(soci::into(tax_code, tax_ind));
        st.exchange(soci::into(phone, phone_ind));
        st.exchange(soci::into(password_hash, hash_ind));
        st.exchange(soci::into(must_change));
        st.exchange(soci::into(disabled));
        st.exchange(soci::into(totp));
        st.exchange(soci::into(created_at));
    }

    Account ToAccount() const {
        Account a;
        a.id = id;
        a.kind = domain::identity::ParseAccountKind(kind).value_or(AccountKind::kCitizen);
        a.email = email;
        a.display_name = display_name;
        if (cccd_ind == soci::i_ok) a.cccd = cccd;
        if (tax_ind == soci::i_ok) a.tax_code = tax_code;
        if (phone_ind == soci::i_ok) a.phone = phone;
        a.has_password = hash_ind == soci::i_ok && !password_hash.empty();
        a.must_change_password = must_change != 0;
        a.disabled = disabled != 0;
        a.totp_enabled = totp > 0;
        a.created_at = created_at;
        return a;
    }
    std::string Hash() const { return hash_ind == soci::i_ok ? password_hash : std::string(); }
};

// One account by a condition on `a` with a single text or integer parameter named :key.
template <typename Key>
std::optional<AccountRow> QueryAccount(soci::session& sql, const char* where, const Key& key) {
    AccountRow row;
    soci::statement st(sql);
    row.BindTo(st);
    st.exchange(soci::use(key, "key"));
    st.alloc();
    st.prepare(std::string("SELECT ") + kAccountColumns + " FROM accounts a WHERE " + where);
    st.define_and_bind();
    if (!st.execute(true)) return std::nullopt;
    return row;
}

std::optional<TotpRecord> QueryTotp(soci::session& sql, std::int64_t account_id) {
    long long id = account_id;
    TotpRecord r;
    std::string confirmed;
    soci::indicator confirmed_ind = soci::i_null;
    long long last_step = -1;
    sql << "SELECT sealed_secret, confirmed_at, last_step FROM totp_credentials WHERE account_id = :id",
        soci::into(r.sealed_secret), soci::into(confirmed, confirmed_ind), soci::into(last_step),
        soci::use(id, "id");
    if (!sql.got_data()) return std::nullopt;
    r.confirmed = confirmed_ind == soci::i_ok;
    r.last_step = last_step;
    return r;
}

// Rows changed by the last statement (SOCI's get_affected_rows needs the statement object).
long long Changed(soci::statement& st) { return st.get_affected_rows(); }

class SqlIdentityWriter final : public domain::identity::IdentityWriter {
public:
    SqlIdentityWriter(soci::session& sql, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock)
        : sql_(sql), hasher_(hasher), clock_(clock), now_(core::FormatUtc(clock.Now())) {}

    std::optional<Account> FindAccount(std::int64_t id) override {
        long long key = id;
        auto row = QueryAccount(sql_, "a.id = :key", key);
        return row ? std::optional(row->ToAccount()) : std::nullopt;
    }
    std::optional<Account> FindAccountByEmailKey(std::string_view email_key) override {
        const std::string key(email_key);
        auto row = QueryAccount(sql_, "a.email_key = :key", key);
        return row ? std::optional(row->ToAccount()) : std::nullopt;
    }
    std::optional<Account> FindAccountByCccd(std::string_view cccd) override {
        const std::string key(cccd);
        auto row = QueryAccount(sql_, "a.cccd = :key", key);
        return row ? std::optional(row->ToAccount()) : std::nullopt;
    }

    std::int64_t InsertAccount(const domain::identity::Profile& p, std::string_view email_key,
                               const std::optional<std::string>& password_hash, bool must_change) override {
        const std::string kind(domain::identity::AccountKindName(p.kind));
        const std::string key(email_key);
        const std::string fold = core::text::FoldForSearch(p.display_name);
        const std::string cccd = p.cccd.value_or(""), tax = p.tax_code.value_or(""),
                          phone = p.phone.value_or("");
        const std::string hash = password_hash.value_or("");
        soci::indicator cccd_ind = p.cccd ? soci::i_ok : soci::i_null,
                        tax_ind = p.tax_code ? soci::i_ok : soci::i_null,
                        phone_ind = p.phone ? soci::i_ok : soci::i_null,
                        hash_ind = password_hash ? soci::i_ok : soci::i_null;
        const int must = must_change ? 1 : 0;
        long long id = 0;
        sql_ << "INSERT INTO accounts (kind, email, email_key, display_name, name_fold, cccd, tax_code, "
                "phone, "
                "password_hash, must_change_password, disabled, created_at, updated_at) VALUES (:kind, "
                ":email, :key, "
                ":name, :fold, :cccd, :tax, :phone, :hash, :must, 0, :now, :now) RETURNING id",
            soci::use(kind, "kind"), soci::use(p.email, "email"), soci::use(key, "key"),
            soci::use(p.display_name, "name"), soci::use(fold, "fold"), soci::use(cccd, cccd_ind, "cccd"),
            soci::use(tax, tax_ind, "tax"), soci::use(phone, phone_ind, "phone"),
            soci::use(hash, hash_ind, "hash"), soci::use(must, "must"), soci::use(now_, "now"),
            soci::into(id);
        return id;
    }

    void UpdatePassword(std::int64_t account_id, const std::string& hash, bool must_change) override {
        long long id = account_id;
        const int must = must_change ? 1 : 0;
        sql_ << "UPDATE accounts SET password_hash = :hash, must_change_password = :must, updated_at = :now "
                "WHERE id = :id",
            soci::use(hash, "hash"), soci::use(must, "must"), soci::use(now_, "now"), soci::use(id, "id");
    }

    void SetDisabled(std::int64_t account_id, bool disabled) override {
        long long id = account_id;
        const int d = disabled ? 1 : 0;
        sql_ << "UPDATE accounts SET disabled = :d, updated_at = :now WHERE id = :id", soci::use(d, "d"),
            soci::use(now_, "now"), soci::use(id, "id");
    }

    bool InsertGrant(std::int64_t account_id, std::string_view role, std::int64_t unit_id) override {
        long long a = account_id, u = unit_id, id = 0;
        const std::string r(role);
        sql_ << "INSERT INTO role_grants (account_id, role, unit_id, created_at) VALUES (:a, :r, :u, :now) "
                "ON CONFLICT (account_id, role, unit_id) DO NOTHING RETURNING id",
            soci::use(a, "a"), soci::use(r, "r"), soci::use(u, "u"), soci::use(now_, "now"), soci::into(id);
        return sql_.got_data();
    }

    bool DeleteGrant(std::int64_t account_id, std::string_view role, std::int64_t unit_id) override {
        long long a = account_id, u = unit_id;
        const std::string r(role);
        soci::statement st =
            (sql_.prepare << "DELETE FROM role_grants WHERE account_id = :a AND role = :r AND unit_id = :u",
             soci::use(a, "a"), soci::use(r, "r"), soci::use(u, "u"));
        st.execute(true);
        return Changed(st) > 0;
    }

    std::int64_t InsertSession(std::string_view token_hash, std::int64_t account_id,
                               std::string_view ip) override {
        const std::string hash(token_hash), addr(ip);
        long long a = account_id, id = 0;
        sql_ << "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, ip) "
                "VALUES (:hash, :a, :now, :now, :ip) RETURNING id",
            soci::use(hash, "hash"), soci::use(a, "a"), soci::use(now_, "now"), soci::use(addr, "ip"),
            soci::into(id);
        return id;
    }

    bool RevokeSession(std::string_view token_hash, std::int64_t* account_id) override {
        const std::string hash(token_hash);
        long long a = 0;
        sql_ << "UPDATE sessions SET revoked_at = :now WHERE token_hash = :hash AND revoked_at IS NULL "
                "RETURNING account_id",
            soci::use(now_, "now"), soci::use(hash, "hash"), soci::into(a);
        if (!sql_.got_data()) return false;
        if (account_id) *account_id = a;
        return true;
    }

    int RevokeAllSessions(std::int64_t account_id) override {
        long long a = account_id;
        soci::statement st =
            (sql_.prepare
                 << "UPDATE sessions SET revoked_at = :now WHERE account_id = :a AND revoked_at IS NULL",
             soci::use(now_, "now"), soci::use(a, "a"));
        st.execute(true);
        return static_cast<int>(Changed(st));
    }

    std::int64_t InsertApiToken(std::string_view token_hash, std::int64_t account_id, std::string_view label,
                                const std::optional<std::string>& expires_at) override {
        const std::string hash(token_hash), l(label), exp = expires_at.value_or("");
        soci::indicator exp_ind = expires_at ? soci::i_ok : soci::i_null;
        long long a = account_id, id = 0;
        sql_ << "INSERT INTO api_tokens (token_hash, account_id, label, created_at, expires_at) "
                "VALUES (:hash, :a, :label, :now, :exp) RETURNING id",
            soci::use(hash, "hash"), soci::use(a, "a"), soci::use(l, "label"), soci::use(now_, "now"),
            soci::use(exp, exp_ind, "exp"), soci::into(id);
        return id;
    }

    bool RevokeApiToken(std::int64_t account_id, std::int64_t token_id) override {
        long long a = account_id, t = token_id;
        soci::statement st =
            (sql_.prepare << "UPDATE api_tokens SET revoked_at = :now WHERE id = :t AND account_id = :a "
                             "AND revoked_at IS NULL",
             soci::use(now_, "now"), soci::use(t, "t"), soci::use(a, "a"));
        st.execute(true);
        return Changed(st) > 0;
    }

    int RevokeAllApiTokens(std::int64_t account_id) override {
        long long a = account_id;
        soci::statement st =
            (sql_.prepare
                 << "UPDATE api_tokens SET revoked_at = :now WHERE account_id = :a AND revoked_at IS NULL",
             soci::use(now_, "now"), soci::use(a, "a"));
        st.execute(true);
        return static_cast<int>(Changed(st));
    }

    void RecordLoginFailure(std::optional<std::int64_t> account_id, std::string_view ip) override {
        long long a = account_id.value_or(0);
        soci::indicator a_ind = account_id ? soci::i_ok : soci::i_null;
        const std::string addr(ip);
        sql_ << "INSERT INTO login_failures (account_id, ip, at) VALUES (:a, :ip, :now)",
            soci::use(a, a_ind, "a"), soci::use(addr, "ip"), soci::use(now_, "now");
    }

    std::optional<TotpRecord> FindTotp(std::int64_t account_id) override {
        return QueryTotp(sql_, account_id);
    }

    void PutTotp(std::int64_t account_id, std::string_view sealed_secret) override {
        long long a = account_id;
        const std::string sealed(sealed_secret);
        sql_ << "DELETE FROM totp_credentials WHERE account_id = :a", soci::use(a, "a");
        sql_ << "INSERT INTO totp_credentials (account_id, sealed_secret, last_step, created_at) "
                "VALUES (:a, :sealed, -1, :now)",
            soci::use(a, "a"), soci::use(sealed, "sealed"), soci::use(now_, "now");
    }

    void ConfirmTotp(std::int64_t account_id) override {
        long long a = account_id;
        sql_ << "UPDATE totp_credentials SET confirmed_at = :now WHERE account_id = :a",
            soci::use(now_, "now"), soci::use(a, "a");
    }

    bool AdvanceTotpStep(std::int64_t account_id, std::int64_t step) override {
        long long a = account_id, s = step;
        soci::statement st =
            (sql_.prepare << "UPDATE totp_credentials SET last_step = :s WHERE account_id = :a AND "
                             "last_step < :s",
             soci::use(s, "s"), soci::use(a, "a"));
        st.execute(true);
        return Changed(st) > 0;
    }

    void DeleteTotp(std::int64_t account_id) override {
        long long a = account_id;
        sql_ << "DELETE FROM totp_credentials WHERE account_id = :a", soci::use(a, "a");
    }

    void ReplaceRecoveryCodes(std::int64_t account_id, const std::vector<std::string>& hashes) override {
        long long a = account_id;
        sql_ << "DELETE FROM recovery_codes WHERE account_id = :a", soci::use(a, "a");
        for (const auto& h : hashes) {
            sql_ << "INSERT INTO recovery_codes (account_id, code_hash) VALUES (:a, :h)", soci::use(a, "a"),
                soci::use(h, "h");
        }
    }

    bool UseRecoveryCode(std::int64_t account_id, std::string_view code_hash) override {
        long long a = account_id;
        const std::string h(code_hash);
        soci::statement st =
            (sql_.prepare << "UPDATE recovery_codes SET used_at = :now WHERE account_id = :a AND "
                             "code_hash = :h AND used_at IS NULL",
             soci::use(now_, "now"), soci::use(a, "a"), soci::use(h, "h"));
        st.execute(true);
        return Changed(st) > 0;
    }

    std::optional<std::int64_t> FindExternalIdentity(std::string_view issuer,
                                                     std::string_view subject) override {
        const std::string iss(issuer), sub(subject);
        long long account = 0;
        soci::indicator ind = soci::i_null;
        sql_ << "SELECT account_id FROM external_identities WHERE issuer = :iss AND subject = :sub",
            soci::into(account, ind), soci::use(iss, "iss"), soci::use(sub, "sub");
        if (!sql_.got_data() || ind != soci::i_ok) return std::nullopt;
        return account;
    }

    void LinkExternalIdentity(std::string_view issuer, std::string_view subject,
                              std::int64_t account_id) override {
        const std::string iss(issuer), sub(subject);
        long long a = account_id;
        sql_ << "INSERT INTO external_identities (issuer, subject, account_id, linked_at, last_seen_at) "
                "VALUES (:iss, :sub, :a, :linked, :seen)",
            soci::use(iss, "iss"), soci::use(sub, "sub"), soci::use(a, "a"), soci::use(now_, "linked"),
            soci::use(now_, "seen");
    }

    void TouchExternalIdentity(std::string_view issuer, std::string_view subject) override {
        const std::string iss(issuer), sub(subject);
        sql_ << "UPDATE external_identities SET last_seen_at = :now WHERE issuer = :iss AND subject = :sub",
            soci::use(now_, "now"), soci::use(iss, "iss"), soci::use(sub, "sub");
    }

    void Audit(const domain::audit::Event& event) override { AppendAudit(sql_, hasher_, clock_, event); }

private:
    soci::session& sql_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
    const std::string now_;
};

}  // namespace

std::optional<Account> SqlIdentityRepository::FindAccount(std::int64_t id) {
    db::Connection c = db_.Acquire();
    long long key = id;
    // On every authenticated request: a cached prepared statement.
    AccountRow row;
    auto st = c.Prepared(std::string("SELECT ") + kAccountColumns + " FROM accounts a WHERE a.id = :key");
    row.BindTo(*st);
    st->exchange(soci::use(key, "key"));
    st->define_and_bind();
    if (!st->execute(true)) return std::nullopt;
    return row.ToAccount();
}

std::optional<Account> SqlIdentityRepository::FindAccountByEmailKey(std::string_view email_key) {
    db::Connection c = db_.Acquire();
    const std::string key(email_key);
    auto row = QueryAccount(c.sql(), "a.email_key = :key", key);
    return row ? std::optional(row->ToAccount()) : std::nullopt;
}

std::optional<Account> SqlIdentityRepository::FindAccountByCccd(std::string_view cccd) {
    db::Connection c = db_.Acquire();
    const std::string key(cccd);
    auto row = QueryAccount(c.sql(), "a.cccd = :key", key);
    return row ? std::optional(row->ToAccount()) : std::nullopt;
}

std::optional<std::pair<Account, std::string>> SqlIdentityRepository::FindCredentials(
    std::string_view email_key) {
    db::Connection c = db_.Acquire();
    const std::string key(email_key);
    auto row = QueryAccount(c.sql(), "a.email_key = :key", key);
    if (!row) return std::nullopt;
    return std::pair(row->ToAccount(), row->Hash());
}

std::vector<Account> SqlIdentityRepository::ListAccounts(const domain::identity::AccountFilter& filter) {
    db::Connection c = db_.Acquire();
    AccountRow row;
    const std::string pattern = "%" + filter.query + "%";
    const std::string kind = filter.kind ? std::string(domain::identity::AccountKindName(*filter.kind)) : "";
    const int any_kind = filter.kind ? 0 : 1;
    soci::statement st(c.sql());
    row.BindTo(st);
    st.exchange(soci::use(pattern, "pattern"));
    st.exchange(soci::use(any_kind, "any_kind"));
    st.exchange(soci::use(kind, "kind"));
    st.alloc();
    st.prepare(std::string("SELECT ") + kAccountColumns +
               " FROM accounts a WHERE (a.name_fold LIKE :pattern OR a.email_key LIKE :pattern) "
               "AND (:any_kind = 1 OR a.kind = :kind) ORDER BY a.id LIMIT " +
               std::to_string(filter.limit) + " OFFSET " + std::to_string(filter.offset));
    st.define_and_bind();
    st.execute(false);
    std::vector<Account> out;
    while (st.fetch()) out.push_back(row.ToAccount());
    return out;
}

std::vector<Grant> SqlIdentityRepository::GrantsOf(std::int64_t account_id) {
    db::Connection c = db_.Acquire();
    long long a = account_id;
    Grant g;
    long long id = 0, acc = 0, unit = 0;
    std::string role;
    // On every authenticated request: a cached prepared statement.
    auto st =
        c.Prepared("SELECT id, account_id, role, unit_id FROM role_grants WHERE account_id = :a ORDER BY id");
    st->exchange(soci::into(id));
    st->exchange(soci::into(acc));
    st->exchange(soci::into(role));
    st->exchange(soci::into(unit));
    st->exchange(soci::use(a, "a"));
    st->define_and_bind();
    st->execute(false);
    std::vector<Grant> out;
    while (st->fetch()) out.push_back(Grant{id, acc, role, unit});
    return out;
}

std::optional<SessionRecord> SqlIdentityRepository::FindSession(std::string_view token_hash) {
    db::Connection c = db_.Acquire();
    const std::string hash(token_hash);
    long long id = 0, account = 0;
    std::string created, last_seen, revoked;
    soci::indicator revoked_ind = soci::i_null;
    auto st = c.Prepared(
        "SELECT id, account_id, created_at, last_seen_at, revoked_at FROM sessions WHERE token_hash = :hash");
    st->exchange(soci::into(id));
    st->exchange(soci::into(account));
    st->exchange(soci::into(created));
    st->exchange(soci::into(last_seen));
    st->exchange(soci::into(revoked, revoked_ind));
    st->exchange(soci::use(hash, "hash"));
    st->define_and_bind();
    if (!st->execute(true)) return std::nullopt;
    return SessionRecord{id, account, created, last_seen, revoked_ind == soci::i_ok};
}

void SqlIdentityRepository::TouchSession(std::int64_t session_id) {
    db::Connection c = db_.Acquire();
    const std::string now = core::FormatUtc(clock_.Now());
    long long id = session_id;
    auto st = c.Prepared("UPDATE sessions SET last_seen_at = :now WHERE id = :id");
    st->exchange(soci::use(now, "now"));
    st->exchange(soci::use(id, "id"));
    st->define_and_bind();
    st->execute(true);
}

namespace {

struct TokenRow {
    long long id = 0, account = 0;
    std::string label, created, expires, last_used, revoked;
    soci::indicator expires_ind = soci::i_null, last_used_ind = soci::i_null, revoked_ind = soci::i_null;

    template <typename Statement>
    void BindTo(Statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(account));
        st.exchange(soci::into(label));
        st.exchange(soci::into(created));
        st.exchange(soci::into(expires, expires_ind));
        st.exchange(soci::into(last_used, last_used_ind));
        st.exchange(soci::into(revoked, revoked_ind));
    }
    ApiTokenRecord ToRecord() const {
        ApiTokenRecord r;
        r.id = id;
        r.account_id = account;
        r.label = label;
        r.created_at = created;
        if (expires_ind == soci::i_ok) r.expires_at = expires;
        if (last_used_ind == soci::i_ok) r.last_used_at = last_used;
        r.revoked = revoked_ind == soci::i_ok;
        return r;
    }
};

constexpr const char* kTokenColumns =
    "id, account_id, label, created_at, expires_at, last_used_at, revoked_at";

}  // namespace

std::optional<ApiTokenRecord> SqlIdentityRepository::FindApiToken(std::string_view token_hash) {
    db::Connection c = db_.Acquire();
    const std::string hash(token_hash);
    TokenRow row;
    auto st =
        c.Prepared(std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE token_hash = :hash");
    row.BindTo(*st);
    st->exchange(soci::use(hash, "hash"));
    st->define_and_bind();
    if (!st->execute(true)) return std::nullopt;
    return row.ToRecord();
}

void SqlIdentityRepository::TouchApiToken(std::int64_t token_id) {
    db::Connection c = db_.Acquire();
    const std::string now = core::FormatUtc(clock_.Now());
    long long id = token_id;
    auto st = c.Prepared("UPDATE api_tokens SET last_used_at = :now WHERE id = :id");
    st->exchange(soci::use(now, "now"));
    st->exchange(soci::use(id, "id"));
    st->define_and_bind();
    st->execute(true);
}

std::vector<ApiTokenRecord> SqlIdentityRepository::ApiTokensOf(std::int64_t account_id) {
    db::Connection c = db_.Acquire();
    long long a = account_id;
    TokenRow row;
    soci::statement st(c.sql());
    row.BindTo(st);
    st.exchange(soci::use(a, "a"));
    st.alloc();
    st.prepare(std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE account_id = :a ORDER BY id");
    st.define_and_bind();
    st.execute(false);
    std::vector<ApiTokenRecord> out;
    while (st.fetch()) out.push_back(row.ToRecord());
    return out;
}

int SqlIdentityRepository::CountFailuresForAccount(std::int64_t account_id, std::string_view since) {
    db::Connection c = db_.Acquire();
    long long a = account_id, n = 0;
    const std::string s(since);
    c.sql() << "SELECT COUNT(*) FROM login_failures WHERE account_id = :a AND at >= :since",
        soci::use(a, "a"), soci::use(s, "since"), soci::into(n);
    return static_cast<int>(n);
}

int SqlIdentityRepository::CountFailuresForIp(std::string_view ip, std::string_view since) {
    db::Connection c = db_.Acquire();
    long long n = 0;
    const std::string addr(ip), s(since);
    c.sql() << "SELECT COUNT(*) FROM login_failures WHERE ip = :ip AND at >= :since", soci::use(addr, "ip"),
        soci::use(s, "since"), soci::into(n);
    return static_cast<int>(n);
}

std::optional<TotpRecord> SqlIdentityRepository::FindTotp(std::int64_t account_id) {
    db::Connection c = db_.Acquire();
    return QueryTotp(c.sql(), account_id);
}

int SqlIdentityRepository::UnusedRecoveryCodes(std::int64_t account_id) {
    db::Connection c = db_.Acquire();
    long long a = account_id, n = 0;
    c.sql() << "SELECT COUNT(*) FROM recovery_codes WHERE account_id = :a AND used_at IS NULL",
        soci::use(a, "a"), soci::into(n);
    return static_cast<int>(n);
}

core::Result<void> SqlIdentityRepository::Write(
    const std::function<core::Result<void>(domain::identity::IdentityWriter&)>& f) {
    return db_.InTransaction([&](soci::session& sql) -> core::Result<void> {
        SqlIdentityWriter writer(sql, hasher_, clock_);
        return f(writer);
    });
}

}  // namespace mocua::persistence
