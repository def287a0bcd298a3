#include "persistence/board_figures.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <map>

#include "db/database.hpp"

namespace mocua::persistence {

namespace board = domain::board;

namespace {

std::optional<core::TimePoint> TimeOf(const std::string& text, soci::indicator ind) {
    if (ind != soci::i_ok) return std::nullopt;
    return core::ParseUtc(text);
}

std::vector<std::int64_t> SubtreeOf(soci::session& sql, std::int64_t unit_id) {
    long long root = unit_id, id = 0;
    // UNION (not UNION ALL) stops at a unit already seen, should the tree ever hold a cycle.
    soci::statement st =
        (sql.prepare << "WITH RECURSIVE sub(id) AS (SELECT id FROM org_units WHERE id = :root "
                        "UNION SELECT u.id FROM org_units u JOIN sub ON u.parent_id = sub.id) "
                        "SELECT id FROM sub",
         soci::into(id), soci::use(root, "root"));
    st.execute();
    std::vector<std::int64_t> out;
    while (st.fetch()) out.push_back(id);
    return out;
}

}  // namespace

std::vector<std::int64_t> SqlBoardFigures::Subtree(std::int64_t unit_id) {
    auto c = database_.Acquire();
    return SubtreeOf(c.sql(), unit_id);
}

board::Figures SqlBoardFigures::ForUnit(std::int64_t unit_id, const board::Window& window,
                                        core::TimePoint now) {
    auto c = database_.Acquire();
    const auto units = SubtreeOf(c.sql(), unit_id);
    if (units.empty()) return {};
    // The ids come from the database as integers, so writing them into the statement is safe; a bound
    // array would need a per-engine form.
    std::string in;
    for (auto id : units) in += (in.empty() ? "" : ",") + std::to_string(id);
    // Every dossier the figures may count: received before the window ends, and not resolved before
    // the earlier of the window's start and the moment open dossiers are judged at.
    const std::string end = core::FormatUtc(window.end);
    const std::string lower = core::FormatUtc(std::min(window.start, std::min(now, window.end)));
    const std::string where = " WHERE d.receiving_unit_id IN (" + in +
                              ") AND d.received_at IS NOT NULL AND d.received_at < :end "
                              "AND (d.resolved_at IS NULL OR d.resolved_at >= :lower)";

    std::map<long long, board::DossierFacts> facts;
    {
        long long id = 0;
        int channel = 0;
        std::string received, appointment, resolved;
        soci::indicator received_ind, appointment_ind, resolved_ind;
        soci::statement st = (c.sql().prepare << "SELECT d.id, d.channel, d.received_at, d.appointment_at, "
                                                 "d.resolved_at FROM dossiers d" +
                                                     where,
                              soci::into(id), soci::into(channel), soci::into(received, received_ind),
                              soci::into(appointment, appointment_ind), soci::into(resolved, resolved_ind),
                              soci::use(end, "end"), soci::use(lower, "lower"));
        st.execute();
        while (st.fetch()) {
            auto& f = facts[id];
            f.channel = channel;
            f.received_at = TimeOf(received, received_ind);
            f.appointment_at = TimeOf(appointment, appointment_ind);
            f.resolved_at = TimeOf(resolved, resolved_ind);
        }
    }
    {
        long long id = 0;
        std::string requested, completed;
        soci::indicator completed_ind;
        soci::statement st =
            (c.sql().prepare << "SELECT p.dossier_id, p.requested_at, p.completed_at FROM dossier_pauses p "
                                "JOIN dossiers d ON d.id = p.dossier_id" +
                                    where + " AND p.kind = 'supplement'",
             soci::into(id), soci::into(requested), soci::into(completed, completed_ind),
             soci::use(end, "end"), soci::use(lower, "lower"));
        st.execute();
        while (st.fetch()) {
            auto it = facts.find(id);
            const auto at = core::ParseUtc(requested);
            if (it == facts.end() || !at) continue;
            it->second.pauses.push_back({*at, TimeOf(completed, completed_ind)});
        }
    }
    std::vector<board::DossierFacts> list;
    list.reserve(facts.size());
    for (auto& [id, f] : facts) list.push_back(std::move(f));
    return board::Compute(list, window, now);
}

}  // namespace mocua::persistence
