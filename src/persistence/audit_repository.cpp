#include "persistence/audit_repository.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "db/database.hpp"

namespace mocua::persistence {

using domain::audit::Entry;

namespace {

constexpr const char* kColumns =
    "seq, at, actor_account_id, acting_unit_id, action, target_type, target_id, ip, request_id, details, "
    "prev_hash, hash";

// Buffers for one row of kColumns.
struct EntryRow {
    long long seq = 0;
    std::string at;
    long long actor = 0;
    soci::indicator actor_ind = soci::i_null;
    long long unit = 0;
    soci::indicator unit_ind = soci::i_null;
    std::string action, target_type, target_id, ip, request_id, details, prev_hash, hash;

    void BindTo(soci::statement& st) {
        st.exchange(soci::into(seq));
        st.exchange(soci::into(at));
        st.exchange(soci::into(actor, actor_ind));
        st.exchange(soci::into(unit, unit_ind));
        st.exchange(soci::into(action));
        st.exchange(soci::into(target_type));
        st.exchange(soci::into(target_id));
        st.exchange(soci::into(ip));
        st.exchange(soci::into(request_id));
        st.exchange(soci::into(details));
        st.exchange(soci::into(prev_hash));
        st.exchange(soci::into(hash));
    }

    // SOCI leaves a buffer untouched for NULL, so nullable fields go by their indicator.
    Entry ToEntry() const {
        Entry e;
        e.seq = seq;
        e.at = at;
        if (actor_ind == soci::i_ok) e.actor_account_id = actor;
        if (unit_ind == soci::i_ok) e.acting_unit_id = unit;
        e.action = action;
        e.target_type = target_type;
        e.target_id = target_id;
        e.ip = ip;
        e.request_id = request_id;
        e.details = details;
        e.prev_hash = prev_hash;
        e.hash = hash;
        return e;
    }
};

}  // namespace

void AppendAudit(soci::session& sql, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock,
                 const domain::audit::Event& event) {
    // The UPDATE comes first: it takes audit_head's row lock (PostgreSQL), so a concurrent appender
    // waits here until this transaction ends and then reads the head this one leaves.
    sql << "UPDATE audit_head SET seq = seq + 1 WHERE id = 1";
    long long seq = 0;
    std::string prev_hash;
    sql << "SELECT seq, hash FROM audit_head WHERE id = 1", soci::into(seq), soci::into(prev_hash);
    if (!sql.got_data()) throw std::runtime_error("audit_head is missing its row");
    const Entry e = domain::audit::MakeEntry(hasher, seq - 1, prev_hash, event, clock.Now());
    long long actor = e.actor_account_id.value_or(0);
    soci::indicator actor_ind = e.actor_account_id ? soci::i_ok : soci::i_null;
    long long unit = e.acting_unit_id.value_or(0);
    soci::indicator unit_ind = e.acting_unit_id ? soci::i_ok : soci::i_null;
    long long entry_seq = e.seq;
    sql << "INSERT INTO audit_log (seq, at, actor_account_id, acting_unit_id, action, target_type, "
           "target_id, ip, "
           "request_id, details, prev_hash, hash) VALUES (:seq, :at, :actor, :unit, :action, :target_type, "
           ":target_id, :ip, :request_id, :details, :prev_hash, :hash)",
        soci::use(entry_seq, "seq"), soci::use(e.at, "at"), soci::use(actor, actor_ind, "actor"),
        soci::use(unit, unit_ind, "unit"), soci::use(e.action, "action"),
        soci::use(e.target_type, "target_type"), soci::use(e.target_id, "target_id"), soci::use(e.ip, "ip"),
        soci::use(e.request_id, "request_id"), soci::use(e.details, "details"),
        soci::use(e.prev_hash, "prev_hash"), soci::use(e.hash, "hash");
    sql << "UPDATE audit_head SET hash = :hash WHERE id = 1", soci::use(e.hash, "hash");
}

void SqlAuditLog::Append(const domain::audit::Event& event) {
    db_.InTransaction([&](soci::session& sql) { AppendAudit(sql, hasher_, clock_, event); });
}

std::vector<Entry> SqlAuditLog::Search(const domain::audit::Filter& filter) {
    const int limit = std::clamp(filter.limit, 1, 500);
    long long actor = filter.actor_account_id.value_or(0);
    const int any_actor = filter.actor_account_id ? 0 : 1;
    const std::string prefix = filter.action_prefix;
    const std::string prefix_end = prefix.empty() ? std::string() : prefix + "\x7f";
    const std::string from = filter.from.empty() ? std::string("0") : filter.from;
    const std::string to = filter.to.empty() ? std::string("9") : filter.to;
    long long before = filter.before_seq > 0 ? filter.before_seq : (1LL << 62);
    const int any_action = prefix.empty() ? 1 : 0;

    db::Connection c = db_.Acquire();
    EntryRow row;
    soci::statement st(c.sql());
    row.BindTo(st);
    st.exchange(soci::use(any_actor, "any_actor"));
    st.exchange(soci::use(actor, "actor"));
    st.exchange(soci::use(any_action, "any_action"));
    st.exchange(soci::use(prefix, "prefix"));
    st.exchange(soci::use(prefix_end, "prefix_end"));
    st.exchange(soci::use(from, "from_at"));
    st.exchange(soci::use(to, "to_at"));
    st.exchange(soci::use(before, "before"));
    st.alloc();
    st.prepare(std::string("SELECT ") + kColumns +
               " FROM audit_log WHERE (:any_actor = 1 OR actor_account_id = :actor) "
               "AND (:any_action = 1 OR (action >= :prefix AND action < :prefix_end)) "
               "AND at >= :from_at AND at <= :to_at AND seq < :before ORDER BY seq DESC LIMIT " +
               std::to_string(limit));
    st.define_and_bind();
    st.execute(false);
    std::vector<Entry> out;
    while (st.fetch()) out.push_back(row.ToEntry());
    return out;
}

domain::audit::VerifyReport SqlAuditLog::Verify() {
    db::Connection c = db_.Acquire();
    domain::audit::ChainVerifier verifier(hasher_);
    domain::audit::VerifyReport report;
    // A consistent snapshot: on SQLite a read transaction, on PostgreSQL REPEATABLE READ, so entries
    // appended while we read do not look like a broken head.
    c.dialect().Visit([&](db::SqliteTag) { c.sql() << "BEGIN"; },
                      [&](db::PostgresTag) { c.sql() << "BEGIN ISOLATION LEVEL REPEATABLE READ"; });
    try {
        EntryRow row;
        soci::statement st(c.sql());
        row.BindTo(st);
        st.alloc();
        st.prepare(std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY seq");
        st.define_and_bind();
        st.execute(false);
        while (st.fetch()) {
            ++report.entries;
            if (!report.broken) report.broken = verifier.Next(row.ToEntry());
        }
        long long head_seq = 0;
        std::string head_hash;
        c.sql() << "SELECT seq, hash FROM audit_head WHERE id = 1", soci::into(head_seq),
            soci::into(head_hash);
        if (!report.broken) report.broken = verifier.Finish(head_seq, head_hash);
        c.sql() << "COMMIT";
    } catch (...) {
        c.sql() << "ROLLBACK";
        throw;
    }
    return report;
}

}  // namespace mocua::persistence
