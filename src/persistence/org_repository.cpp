#include "persistence/org_repository.hpp"

#include <soci/soci.h>

#include "core/text/text.hpp"
#include "db/database.hpp"
#include "persistence/audit_repository.hpp"

namespace mocua::persistence {

using domain::org::Succession;
using domain::org::Unit;
using domain::org::UnitType;

namespace {

constexpr const char* kColumns =
    "u.id, u.code, u.name_vi, u.name_en, u.type, u.parent_id, u.valid_from, u.valid_to";
// Open validity bounds compare as the earliest and latest possible dates.
constexpr const char* kValidOn =
    "COALESCE(u.valid_from, '0000-01-01') <= :day AND COALESCE(u.valid_to, '9999-12-31') >= :day";

struct UnitRow {
    long long id = 0;
    std::string code, name_vi, name_en, type;
    long long parent = 0;
    soci::indicator parent_ind = soci::i_null;
    std::string from, to;
    soci::indicator from_ind = soci::i_null, to_ind = soci::i_null;

    void BindTo(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(code));
        st.exchange(soci::into(name_vi));
        st.exchange(soci::into(name_en));
        st.exchange(soci::into(type));
        st.exchange(soci::into(parent, parent_ind));
        st.exchange(soci::into(from, from_ind));
        st.exchange(soci::into(to, to_ind));
    }

    Unit ToUnit() const {
        Unit u;
        u.id = id;
        u.code = code;
        u.name_vi = name_vi;
        u.name_en = name_en;
        u.type = domain::org::ParseUnitType(type).value_or(UnitType::kOtherAgency);
        if (parent_ind == soci::i_ok) u.parent_id = parent;
        if (from_ind == soci::i_ok) u.valid_from = from;
        if (to_ind == soci::i_ok) u.valid_to = to;
        return u;
    }
};

// Runs a SELECT of kColumns; `bind` adds the statement's use elements.
template <typename Bind>
std::vector<Unit> QueryUnits(soci::session& sql, const std::string& query, Bind&& bind) {
    UnitRow row;
    soci::statement st(sql);
    row.BindTo(st);
    bind(st);
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute(false);
    std::vector<Unit> out;
    while (st.fetch()) out.push_back(row.ToUnit());
    return out;
}

std::optional<Unit> FindUnit(soci::session& sql, std::int64_t id) {
    long long key = id;
    auto units = QueryUnits(sql, std::string("SELECT ") + kColumns + " FROM org_units u WHERE u.id = :id",
                            [&](soci::statement& st) { st.exchange(soci::use(key, "id")); });
    if (units.empty()) return std::nullopt;
    return units.front();
}

std::vector<Succession> QuerySuccessions(soci::session& sql, const char* column, std::int64_t id) {
    long long key = id;
    long long pred = 0, succ = 0;
    std::string effective;
    soci::statement st =
        (sql.prepare << std::string("SELECT predecessor_id, successor_id, effective_on FROM "
                                    "org_unit_successions WHERE ") +
                            column + " = :id ORDER BY effective_on, successor_id, predecessor_id",
         soci::into(pred), soci::into(succ), soci::into(effective), soci::use(key, "id"));
    st.execute(false);
    std::vector<Succession> out;
    while (st.fetch()) out.push_back({pred, succ, effective});
    return out;
}

class SqlUnitWriter final : public domain::org::UnitWriter {
public:
    SqlUnitWriter(soci::session& sql, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock)
        : sql_(sql), hasher_(hasher), clock_(clock) {}

    std::optional<Unit> Find(std::int64_t id) override { return FindUnit(sql_, id); }

    std::vector<Unit> WithCodeOverlapping(std::string_view code, const std::optional<std::string>& from,
                                          const std::optional<std::string>& to) override {
        const std::string c(code);
        const std::string f = from.value_or("0000-01-01");
        const std::string t = to.value_or("9999-12-31");
        return QueryUnits(
            sql_,
            std::string("SELECT ") + kColumns +
                " FROM org_units u WHERE u.code = :code AND COALESCE(u.valid_from, '0000-01-01') <= :to_day "
                "AND COALESCE(u.valid_to, '9999-12-31') >= :from_day ORDER BY u.id",
            [&](soci::statement& st) {
                st.exchange(soci::use(c, "code"));
                st.exchange(soci::use(t, "to_day"));
                st.exchange(soci::use(f, "from_day"));
            });
    }

    std::vector<Unit> WithTypeAndName(UnitType type, std::string_view name_vi,
                                      std::string_view date) override {
        const std::string ty(domain::org::UnitTypeName(type));
        const std::string name(name_vi);
        const std::string day(date);
        return QueryUnits(sql_,
                          std::string("SELECT ") + kColumns +
                              " FROM org_units u WHERE u.type = :type AND u.name_vi = :name AND " + kValidOn +
                              " ORDER BY u.id",
                          [&](soci::statement& st) {
                              st.exchange(soci::use(ty, "type"));
                              st.exchange(soci::use(name, "name"));
                              st.exchange(soci::use(day, "day"));
                          });
    }

    std::int64_t Insert(const domain::org::NewUnit& u) override {
        const std::string now = core::FormatUtc(clock_.Now());
        const std::string type(domain::org::UnitTypeName(u.type));
        const std::string fold = core::text::FoldForSearch(u.name_vi);
        long long parent = u.parent_id.value_or(0);
        soci::indicator parent_ind = u.parent_id ? soci::i_ok : soci::i_null;
        const std::string from = u.valid_from.value_or(""), to = u.valid_to.value_or("");
        soci::indicator from_ind = u.valid_from ? soci::i_ok : soci::i_null;
        soci::indicator to_ind = u.valid_to ? soci::i_ok : soci::i_null;
        long long id = 0;
        sql_ << "INSERT INTO org_units (code, name_vi, name_en, name_fold, type, parent_id, valid_from, "
                "valid_to, "
                "created_at, updated_at) VALUES (:code, :name_vi, :name_en, :fold, :type, :parent, "
                ":valid_from, "
                ":valid_to, :now, :now) RETURNING id",
            soci::use(u.code, "code"), soci::use(u.name_vi, "name_vi"), soci::use(u.name_en, "name_en"),
            soci::use(fold, "fold"), soci::use(type, "type"), soci::use(parent, parent_ind, "parent"),
            soci::use(from, from_ind, "valid_from"), soci::use(to, to_ind, "valid_to"), soci::use(now, "now"),
            soci::into(id);
        return id;
    }

    void Update(const Unit& u) override {
        const std::string now = core::FormatUtc(clock_.Now());
        const std::string fold = core::text::FoldForSearch(u.name_vi);
        long long id = u.id;
        long long parent = u.parent_id.value_or(0);
        soci::indicator parent_ind = u.parent_id ? soci::i_ok : soci::i_null;
        const std::string from = u.valid_from.value_or(""), to = u.valid_to.value_or("");
        soci::indicator from_ind = u.valid_from ? soci::i_ok : soci::i_null;
        soci::indicator to_ind = u.valid_to ? soci::i_ok : soci::i_null;
        sql_ << "UPDATE org_units SET name_vi = :name_vi, name_en = :name_en, name_fold = :fold, parent_id = "
                ":parent, "
                "valid_from = :valid_from, valid_to = :valid_to, updated_at = :now WHERE id = :id",
            soci::use(u.name_vi, "name_vi"), soci::use(u.name_en, "name_en"), soci::use(fold, "fold"),
            soci::use(parent, parent_ind, "parent"), soci::use(from, from_ind, "valid_from"),
            soci::use(to, to_ind, "valid_to"), soci::use(now, "now"), soci::use(id, "id");
    }

    bool AddSuccession(const Succession& s) override {
        const std::string now = core::FormatUtc(clock_.Now());
        long long pred = s.predecessor_id, succ = s.successor_id, inserted = 0;
        sql_ << "INSERT INTO org_unit_successions (predecessor_id, successor_id, effective_on, created_at) "
                "VALUES (:pred, :succ, :effective, :now) ON CONFLICT (predecessor_id, successor_id) DO "
                "NOTHING "
                "RETURNING predecessor_id",
            soci::use(pred, "pred"), soci::use(succ, "succ"), soci::use(s.effective_on, "effective"),
            soci::use(now, "now"), soci::into(inserted);
        return sql_.got_data();
    }

    void Audit(const domain::audit::Event& event) override { AppendAudit(sql_, hasher_, clock_, event); }

private:
    soci::session& sql_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
};

}  // namespace

std::optional<Unit> SqlUnitRepository::Find(std::int64_t id) {
    db::Connection c = db_.Acquire();
    return FindUnit(c.sql(), id);
}

std::optional<Unit> SqlUnitRepository::FindByCode(std::string_view code, std::string_view date) {
    db::Connection c = db_.Acquire();
    const std::string cd(code), day(date);
    auto units = QueryUnits(c.sql(),
                            std::string("SELECT ") + kColumns +
                                " FROM org_units u WHERE u.code = :code AND " + kValidOn + " ORDER BY u.id",
                            [&](soci::statement& st) {
                                st.exchange(soci::use(cd, "code"));
                                st.exchange(soci::use(day, "day"));
                            });
    if (units.empty()) return std::nullopt;
    return units.front();
}

std::vector<Unit> SqlUnitRepository::ValidOn(std::string_view date) {
    db::Connection c = db_.Acquire();
    const std::string day(date);
    return QueryUnits(
        c.sql(), std::string("SELECT ") + kColumns + " FROM org_units u WHERE " + kValidOn + " ORDER BY u.id",
        [&](soci::statement& st) { st.exchange(soci::use(day, "day")); });
}

std::vector<Unit> SqlUnitRepository::AncestorsOrSelf(std::int64_t id) {
    db::Connection c = db_.Acquire();
    long long key = id;
    // Bounded depth: a cycle (which the service refuses to create) cannot loop forever.
    return QueryUnits(
        c.sql(),
        std::string("WITH RECURSIVE chain (id, depth) AS ("
                    " SELECT id, 0 FROM org_units WHERE id = :id"
                    " UNION ALL"
                    " SELECT p.parent_id, chain.depth + 1 FROM org_units p JOIN chain ON p.id = chain.id"
                    " WHERE p.parent_id IS NOT NULL AND chain.depth < 32) "
                    "SELECT ") +
            kColumns + " FROM chain JOIN org_units u ON u.id = chain.id ORDER BY chain.depth",
        [&](soci::statement& st) { st.exchange(soci::use(key, "id")); });
}

std::vector<Succession> SqlUnitRepository::SuccessorsOf(std::int64_t id) {
    db::Connection c = db_.Acquire();
    return QuerySuccessions(c.sql(), "predecessor_id", id);
}

std::vector<Succession> SqlUnitRepository::PredecessorsOf(std::int64_t id) {
    db::Connection c = db_.Acquire();
    return QuerySuccessions(c.sql(), "successor_id", id);
}

std::int64_t SqlUnitRepository::Count() {
    db::Connection c = db_.Acquire();
    long long n = 0;
    c.sql() << "SELECT COUNT(*) FROM org_units", soci::into(n);
    return n;
}

core::Result<void> SqlUnitRepository::Write(
    const std::function<core::Result<void>(domain::org::UnitWriter&)>& f) {
    return db_.InTransaction([&](soci::session& sql) -> core::Result<void> {
        SqlUnitWriter writer(sql, hasher_, clock_);
        return f(writer);
    });
}

}  // namespace mocua::persistence
