#include "persistence/calendar_repository.hpp"

#include <soci/soci.h>

#include "db/database.hpp"
#include "persistence/audit_repository.hpp"

namespace mocua::persistence {

namespace cal = domain::calendar;

namespace {

constexpr const char* kOverrideColumns = "day, kind, occasion, name_vi, name_en, document, source";

cal::Override ToOverride(const std::string& day, const std::string& kind, const std::string& occasion,
                         std::string name_vi, std::string name_en, std::string document, std::string source) {
    cal::Override o;
    o.date = cal::ParseDate(day).value_or(cal::Date{});
    o.kind = cal::ParseDayKind(kind).value_or(cal::DayKind::kHoliday);
    o.occasion = cal::ParseOccasion(occasion).value_or(cal::Occasion::kOther);
    o.name_vi = std::move(name_vi);
    o.name_en = std::move(name_en);
    o.document = std::move(document);
    o.source = std::move(source);
    return o;
}

std::vector<cal::Override> QueryOverrides(soci::session& sql, const std::string& where, const std::string& a,
                                          const std::string& b) {
    std::string day, kind, occasion, name_vi, name_en, document, source;
    soci::statement st =
        (sql.prepare << std::string("SELECT ") + kOverrideColumns + " FROM calendar_overrides WHERE " +
                            where + " ORDER BY day",
         soci::into(day), soci::into(kind), soci::into(occasion), soci::into(name_vi), soci::into(name_en),
         soci::into(document), soci::into(source), soci::use(a, "a"), soci::use(b, "b"));
    st.execute(false);
    std::vector<cal::Override> out;
    while (st.fetch()) out.push_back(ToOverride(day, kind, occasion, name_vi, name_en, document, source));
    return out;
}

// Rows (one per weekday) grouped back into schedules, in query order.
std::vector<cal::OfficeHours> QueryOfficeHours(soci::session& sql, const std::string& where, long long unit) {
    long long unit_id = 0;
    int weekday = 0;
    std::string from, to, intervals;
    soci::indicator to_ind = soci::i_null;
    const std::string query =
        "SELECT unit_id, valid_from, valid_to, weekday, intervals FROM calendar_office_hours" + where +
        " ORDER BY unit_id, valid_from, weekday";
    soci::statement st =
        where.empty() ? (sql.prepare << query, soci::into(unit_id), soci::into(from), soci::into(to, to_ind),
                         soci::into(weekday), soci::into(intervals))
                      : (sql.prepare << query, soci::into(unit_id), soci::into(from), soci::into(to, to_ind),
                         soci::into(weekday), soci::into(intervals), soci::use(unit, "unit"));
    st.execute(false);
    std::vector<cal::OfficeHours> out;
    while (st.fetch()) {
        const auto valid_from = cal::ParseDate(from).value_or(cal::Date{});
        if (out.empty() || out.back().unit_id != unit_id || out.back().valid_from != valid_from) {
            cal::OfficeHours h;
            h.unit_id = unit_id;
            h.valid_from = valid_from;
            if (to_ind == soci::i_ok) h.valid_to = cal::ParseDate(to);
            out.push_back(std::move(h));
        }
        if (weekday >= 1 && weekday <= 7)
            out.back().week.days[static_cast<std::size_t>(weekday - 1)] =
                cal::ParseDayHours(intervals).value_or(cal::DayHours{});
    }
    return out;
}

class SqlCalendarWriter final : public cal::CalendarWriter {
public:
    SqlCalendarWriter(soci::session& sql, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock)
        : sql_(sql), hasher_(hasher), clock_(clock) {}

    std::optional<cal::Override> FindOverride(cal::Date date) override {
        const std::string day = cal::FormatDate(date);
        auto found = QueryOverrides(sql_, "day = :a AND day = :b", day, day);
        if (found.empty()) return std::nullopt;
        return found.front();
    }

    void PutOverride(const cal::Override& o) override {
        const std::string now = core::FormatUtc(clock_.Now());
        const std::string day = cal::FormatDate(o.date);
        const std::string kind(cal::DayKindName(o.kind));
        const std::string occasion(cal::OccasionName(o.occasion));
        sql_ << "INSERT INTO calendar_overrides (day, kind, occasion, name_vi, name_en, document, source, "
                "created_at, updated_at) VALUES (:day, :kind, :occasion, :name_vi, :name_en, :document, "
                ":source, "
                ":now, :now) ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, occasion = "
                "excluded.occasion, "
                "name_vi = excluded.name_vi, name_en = excluded.name_en, document = excluded.document, "
                "source = excluded.source, updated_at = excluded.updated_at",
            soci::use(day, "day"), soci::use(kind, "kind"), soci::use(occasion, "occasion"),
            soci::use(o.name_vi, "name_vi"), soci::use(o.name_en, "name_en"),
            soci::use(o.document, "document"), soci::use(o.source, "source"), soci::use(now, "now");
    }

    bool DeleteOverride(cal::Date date) override {
        const std::string day = cal::FormatDate(date);
        std::string deleted;
        sql_ << "DELETE FROM calendar_overrides WHERE day = :day RETURNING day", soci::use(day, "day"),
            soci::into(deleted);
        return sql_.got_data();
    }

    std::vector<cal::OfficeHours> OfficeHoursOf(std::int64_t unit_id) override {
        return QueryOfficeHours(sql_, " WHERE unit_id = :unit", unit_id);
    }

    void PutOfficeHours(const cal::OfficeHours& h) override {
        DeleteOfficeHours(h.unit_id, h.valid_from);
        const std::string now = core::FormatUtc(clock_.Now());
        long long unit = h.unit_id;
        const std::string from = cal::FormatDate(h.valid_from);
        const std::string to = h.valid_to ? cal::FormatDate(*h.valid_to) : "";
        soci::indicator to_ind = h.valid_to ? soci::i_ok : soci::i_null;
        for (int d = 1; d <= 7; ++d) {
            if (h.week.On(d).empty()) continue;
            const std::string intervals = cal::FormatDayHours(h.week.On(d));
            int weekday = d;
            sql_ << "INSERT INTO calendar_office_hours (unit_id, valid_from, valid_to, weekday, intervals, "
                    "created_at) VALUES (:unit, :from_day, :to_day, :weekday, :intervals, :now)",
                soci::use(unit, "unit"), soci::use(from, "from_day"), soci::use(to, to_ind, "to_day"),
                soci::use(weekday, "weekday"), soci::use(intervals, "intervals"), soci::use(now, "now");
        }
    }

    bool DeleteOfficeHours(std::int64_t unit_id, cal::Date valid_from) override {
        long long unit = unit_id;
        const std::string from = cal::FormatDate(valid_from);
        long long count = 0;
        sql_ << "SELECT COUNT(*) FROM calendar_office_hours WHERE unit_id = :unit AND valid_from = :from_day",
            soci::use(unit, "unit"), soci::use(from, "from_day"), soci::into(count);
        if (count == 0) return false;
        sql_ << "DELETE FROM calendar_office_hours WHERE unit_id = :unit AND valid_from = :from_day",
            soci::use(unit, "unit"), soci::use(from, "from_day");
        return true;
    }

    void Audit(const domain::audit::Event& event) override { AppendAudit(sql_, hasher_, clock_, event); }

private:
    soci::session& sql_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
};

}  // namespace

std::vector<cal::Override> SqlCalendarRepository::OverridesBetween(cal::Date from, cal::Date to) {
    db::Connection c = db_.Acquire();
    return QueryOverrides(c.sql(), "day >= :a AND day <= :b", cal::FormatDate(from), cal::FormatDate(to));
}

std::vector<cal::OfficeHours> SqlCalendarRepository::OfficeHoursOf(std::int64_t unit_id) {
    db::Connection c = db_.Acquire();
    return QueryOfficeHours(c.sql(), " WHERE unit_id = :unit", unit_id);
}

std::vector<cal::OfficeHours> SqlCalendarRepository::AllOfficeHours() {
    db::Connection c = db_.Acquire();
    return QueryOfficeHours(c.sql(), "", 0);
}

core::Result<void> SqlCalendarRepository::Write(
    const std::function<core::Result<void>(cal::CalendarWriter&)>& f) {
    return db_.InTransaction([&](soci::session& sql) -> core::Result<void> {
        SqlCalendarWriter writer(sql, hasher_, clock_);
        return f(writer);
    });
}

}  // namespace mocua::persistence
