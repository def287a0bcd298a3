#include "domain/org/units.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <set>

#include "core/strings.hpp"
#include "core/text/text.hpp"

namespace mocua::domain::org {

namespace {

using core::Error;

constexpr std::array<std::pair<UnitType, std::string_view>, 7> kTypeNames = {{
    {UnitType::kProvince, "province"},
    {UnitType::kDistrict, "district"},
    {UnitType::kCommune, "commune"},
    {UnitType::kSpecialZone, "special_zone"},
    {UnitType::kDepartment, "department"},
    {UnitType::kOneStopCentre, "one_stop_centre"},
    {UnitType::kOtherAgency, "other_agency"},
}};

bool ValidCode(std::string_view code) {
    if (code.empty() || code.size() > 32) return false;
    return std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
               c == '_' || c == '-';
    });
}

bool OptionalDateOk(const std::optional<std::string>& d) { return !d || IsValidDate(*d); }

// [a_from, a_to] and [b_from, b_to] share a day (open bounds are infinite).
bool Overlaps(const std::optional<std::string>& a_from, const std::optional<std::string>& a_to,
              const std::optional<std::string>& b_from, const std::optional<std::string>& b_to) {
    const bool a_starts_after_b = b_to && a_from && *a_from > *b_to;
    const bool b_starts_after_a = a_to && b_from && *b_from > *a_to;
    return !a_starts_after_b && !b_starts_after_a;
}

// The day before a "YYYY-MM-DD" date.
std::string DayBefore(const std::string& date) {
    using namespace std::chrono;
    const year_month_day ymd{year{std::stoi(date.substr(0, 4))},
                             month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
                             day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
    const year_month_day prev{sys_days{ymd} - days{1}};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(prev.year()) % 10000,
                  static_cast<unsigned>(prev.month()) % 100, static_cast<unsigned>(prev.day()) % 100);
    return buf;
}

core::Result<NewUnit> Clean(NewUnit u) {
    u.code = core::text::CleanInput(u.code);
    u.name_vi = core::text::CleanInput(u.name_vi);
    u.name_en = core::text::CleanInput(u.name_en);
    if (!ValidCode(u.code)) return Error::InvalidArgument("unit.code");
    if (u.name_vi.empty() || u.name_vi.size() > 300 || u.name_en.size() > 300)
        return Error::InvalidArgument("unit.name");
    if (!OptionalDateOk(u.valid_from) || !OptionalDateOk(u.valid_to))
        return Error::InvalidArgument("unit.date");
    if (u.valid_from && u.valid_to && *u.valid_from > *u.valid_to)
        return Error::InvalidArgument("unit.period");
    return u;
}

// The parent must exist and be valid on the child's first day (or overlap the child when open).
core::Result<void> CheckParent(UnitWriter& w, const NewUnit& u) {
    if (!u.parent_id) return {};
    auto parent = w.Find(*u.parent_id);
    if (!parent) return Error::InvalidArgument("unit.parent");
    if (!Overlaps(parent->valid_from, parent->valid_to, u.valid_from, u.valid_to))
        return Error::InvalidArgument("unit.parent");
    if (u.valid_from && !parent->ValidOn(*u.valid_from)) return Error::InvalidArgument("unit.parent");
    return {};
}

std::string Optional(const std::optional<std::string>& d) { return d ? *d : "open"; }

}  // namespace

std::string_view UnitTypeName(UnitType type) {
    for (const auto& [t, name] : kTypeNames)
        if (t == type) return name;
    return "other_agency";
}

std::optional<UnitType> ParseUnitType(std::string_view name) {
    for (const auto& [t, n] : kTypeNames)
        if (n == name) return t;
    return std::nullopt;
}

bool IsValidDate(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (d[i] < '0' || d[i] > '9') return false;
    const int y = std::stoi(std::string(d.substr(0, 4)));
    const unsigned m = static_cast<unsigned>(std::stoi(std::string(d.substr(5, 2))));
    const unsigned dd = static_cast<unsigned>(std::stoi(std::string(d.substr(8, 2))));
    if (y < 1900 || y > 2999) return false;
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{dd}}
        .ok();
}

std::string DateOf(core::TimePoint t) { return core::FormatUtc(t).substr(0, 10); }

bool Unit::ValidOn(std::string_view date) const {
    if (valid_from && date < std::string_view(*valid_from)) return false;
    if (valid_to && date > std::string_view(*valid_to)) return false;
    return true;
}

// ---- CSV ----------------------------------------------------------------------------------------

ParsedCommunes ParseCommuneCsv(std::string_view text) {
    ParsedCommunes result;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (!core::text::IsValidUtf8(text)) {
        result.problems.push_back({0, "", "the file is not UTF-8 text"});
        return result;
    }
    std::map<std::string, int> seen;  // code → first line
    bool header_seen = false;
    bool bad_header = false;  // nothing after a wrong header is read
    core::ForEachCsvLine(
        text,
        [&](int line_no, const std::vector<std::string>& fields) {
            if (bad_header) return;
            if (!header_seen) {
                header_seen = true;
                const std::string first = core::text::FoldForSearch(fields[0]);
                if (fields.size() != 3 || first.find("code") == std::string::npos) {
                    result.problems.push_back(
                        {line_no, "",
                         "the first line must be a header of three columns: code,name,province"});
                    bad_header = true;
                    return;
                }
                return;
            }
            if (fields.size() != 3) {
                result.problems.push_back(
                    {line_no, "",
                     "expected 3 fields (code,name,province), found " + std::to_string(fields.size())});
                return;
            }
            CommuneRow row{line_no, core::text::CleanInput(fields[0]), core::text::CleanInput(fields[1]),
                           core::text::CleanInput(fields[2])};
            bool ok = true;
            if (row.code.size() != 5 ||
                !std::all_of(row.code.begin(), row.code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                result.problems.push_back({line_no, "code", "must be 5 digits, found \"" + row.code + "\""});
                ok = false;
            } else if (auto [it, inserted] = seen.emplace(row.code, line_no); !inserted) {
                result.problems.push_back(
                    {line_no, "code", row.code + " already appears on line " + std::to_string(it->second)});
                ok = false;
            }
            if (row.name.empty() || row.name.size() > 300) {
                result.problems.push_back({line_no, "name", "must not be empty (at most 300 bytes)"});
                ok = false;
            }
            if (row.province.empty() || row.province.size() > 300) {
                result.problems.push_back({line_no, "province", "must not be empty (at most 300 bytes)"});
                ok = false;
            }
            if (ok) result.rows.push_back(std::move(row));
        },
        [&](int line_no) {
            if (!bad_header) result.problems.push_back({line_no, "", "unbalanced double quote"});
        });
    if (bad_header) return result;
    if (!header_seen) result.problems.push_back({0, "", "the file is empty"});
    return result;
}

std::string ProvinceCodeFor(std::string_view name_vi) {
    std::string folded = core::text::FoldForSearch(name_vi);
    std::string out;
    for (char c : folded) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += c;
        } else if (!out.empty() && out.back() != '-') {
            out += '-';
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.substr(0, 32);
}

// ---- Service ------------------------------------------------------------------------------------

core::Result<Unit> OrgService::Create(NewUnit unit, const audit::Actor& actor) {
    auto cleaned = Clean(std::move(unit));
    if (!cleaned.ok()) return cleaned.error();
    const NewUnit& u = cleaned.value();
    std::int64_t id = 0;
    auto written = repository_.Write([&](UnitWriter& w) -> core::Result<void> {
        if (auto parent = CheckParent(w, u); !parent.ok()) return parent.error();
        if (!w.WithCodeOverlapping(u.code, u.valid_from, u.valid_to).empty())
            return Error::Conflict("unit.code_taken");
        id = w.Insert(u);
        w.Audit({actor, "unit.create", "unit", std::to_string(id),
                 "type=" + std::string(UnitTypeName(u.type)) + " code=" + u.code});
        return {};
    });
    if (!written.ok()) return written.error();
    return Unit{id, u.code, u.name_vi, u.name_en, u.type, u.parent_id, u.valid_from, u.valid_to};
}

core::Result<Unit> OrgService::Update(const Unit& unit, const audit::Actor& actor) {
    NewUnit n{unit.code,      unit.name_vi,    unit.name_en, unit.type,
              unit.parent_id, unit.valid_from, unit.valid_to};
    auto cleaned = Clean(std::move(n));
    if (!cleaned.ok()) return cleaned.error();
    const NewUnit& u = cleaned.value();
    Unit updated{unit.id, u.code, u.name_vi, u.name_en, u.type, u.parent_id, u.valid_from, u.valid_to};
    auto written = repository_.Write([&](UnitWriter& w) -> core::Result<void> {
        auto existing = w.Find(unit.id);
        if (!existing) return Error::NotFound("unit.not_found");
        if (existing->code != u.code || existing->type != u.type) return Error::InvalidArgument("unit.code");
        if (u.parent_id && *u.parent_id == unit.id) return Error::InvalidArgument("unit.parent");
        if (auto parent = CheckParent(w, u); !parent.ok()) return parent.error();
        // A new parent must not be the unit's own descendant.
        for (auto p = u.parent_id; p;) {
            if (*p == unit.id) return Error::InvalidArgument("unit.parent");
            auto up = w.Find(*p);
            p = up ? up->parent_id : std::nullopt;
        }
        for (const auto& other : w.WithCodeOverlapping(u.code, u.valid_from, u.valid_to))
            if (other.id != unit.id) return Error::Conflict("unit.code_taken");
        w.Update(updated);
        w.Audit({actor, "unit.update", "unit", std::to_string(unit.id),
                 "period=" + Optional(u.valid_from) + ".." + Optional(u.valid_to)});
        return {};
    });
    if (!written.ok()) return written.error();
    return updated;
}

core::Result<void> OrgService::RecordSuccession(std::int64_t predecessor_id, std::int64_t successor_id,
                                                const std::string& effective_on, const audit::Actor& actor) {
    if (!IsValidDate(effective_on)) return Error::InvalidArgument("unit.date");
    if (predecessor_id == successor_id) return Error::InvalidArgument("unit.succession");
    return repository_.Write([&](UnitWriter& w) -> core::Result<void> {
        auto pred = w.Find(predecessor_id);
        auto succ = w.Find(successor_id);
        if (!pred || !succ) return Error::NotFound("unit.not_found");
        if (!succ->ValidOn(effective_on)) return Error::InvalidArgument("unit.succession");
        if (!pred->valid_to || *pred->valid_to > DayBefore(effective_on))
            return Error::InvalidArgument("unit.succession");
        if (w.AddSuccession({predecessor_id, successor_id, effective_on})) {
            w.Audit({actor, "unit.succession", "unit", std::to_string(predecessor_id),
                     "successor=" + std::to_string(successor_id) + " from=" + effective_on});
        }
        return {};
    });
}

std::vector<TreeNode> OrgService::TreeAsOf(const std::string& date) {
    const std::vector<Unit> units = repository_.ValidOn(date);
    std::map<std::int64_t, std::vector<const Unit*>> children;
    std::set<std::int64_t> present;
    for (const auto& u : units) present.insert(u.id);
    std::vector<const Unit*> roots;
    for (const auto& u : units) {
        if (u.parent_id && present.contains(*u.parent_id))
            children[*u.parent_id].push_back(&u);
        else
            roots.push_back(&u);
    }
    const auto by_code = [](const Unit* a, const Unit* b) { return a->code < b->code; };
    std::function<TreeNode(const Unit*)> build = [&](const Unit* u) {
        TreeNode node{*u, {}};
        auto& kids = children[u->id];
        std::sort(kids.begin(), kids.end(), by_code);
        for (const Unit* k : kids) node.children.push_back(build(k));
        return node;
    };
    std::sort(roots.begin(), roots.end(), by_code);
    std::vector<TreeNode> out;
    for (const Unit* r : roots) out.push_back(build(r));
    return out;
}

bool OrgService::IsWithin(std::int64_t unit, std::int64_t ancestor, const std::string& date) {
    const auto chain = repository_.AncestorsOrSelf(unit);
    if (chain.empty() || !chain.front().ValidOn(date)) return false;
    for (const auto& u : chain) {
        if (!u.ValidOn(date)) return false;  // the link above a unit not valid that day is broken
        if (u.id == ancestor) return true;
    }
    return false;
}

std::vector<Unit> OrgService::SuccessorChain(std::int64_t unit) {
    std::vector<Unit> out;
    std::set<std::int64_t> seen{unit};
    std::int64_t current = unit;
    for (;;) {
        auto next = repository_.SuccessorsOf(current);
        if (next.empty() || seen.contains(next.front().successor_id)) break;
        current = next.front().successor_id;
        seen.insert(current);
        if (auto u = repository_.Find(current)) out.push_back(*u);
    }
    return out;
}

core::Result<ImportSummary> OrgService::ImportCommunes(const std::vector<CommuneRow>& rows,
                                                       const std::string& valid_from,
                                                       const audit::Actor& actor,
                                                       const std::function<void(int, int)>& progress,
                                                       int batch) {
    if (!IsValidDate(valid_from)) return Error::InvalidArgument("unit.date");
    ImportSummary total;
    total.rows = static_cast<int>(rows.size());
    batch = std::max(1, batch);
    std::map<std::string, std::int64_t> provinces;  // name → id, across batches
    for (std::size_t start = 0; start < rows.size(); start += static_cast<std::size_t>(batch)) {
        const std::size_t end = std::min(rows.size(), start + static_cast<std::size_t>(batch));
        ImportSummary part;
        std::map<std::string, std::int64_t> new_provinces;
        auto written = repository_.Write([&](UnitWriter& w) -> core::Result<void> {
            part = {};
            new_provinces.clear();
            for (std::size_t i = start; i < end; ++i) {
                const CommuneRow& row = rows[i];
                std::int64_t province_id = 0;
                if (auto it = provinces.find(row.province); it != provinces.end()) {
                    province_id = it->second;
                } else if (auto it2 = new_provinces.find(row.province); it2 != new_provinces.end()) {
                    province_id = it2->second;
                } else {
                    auto found = w.WithTypeAndName(UnitType::kProvince, row.province, valid_from);
                    if (!found.empty()) {
                        province_id = found.front().id;
                    } else {
                        NewUnit p{ProvinceCodeFor(row.province),
                                  row.province,
                                  "",
                                  UnitType::kProvince,
                                  std::nullopt,
                                  valid_from,
                                  std::nullopt};
                        if (!w.WithCodeOverlapping(p.code, p.valid_from, p.valid_to).empty())
                            return Error::Conflict("unit.code_taken");
                        province_id = w.Insert(p);
                        ++part.provinces_created;
                    }
                    new_provinces[row.province] = province_id;
                }
                const auto same_code = w.WithCodeOverlapping(row.code, valid_from, valid_from);
                if (same_code.empty()) {
                    w.Insert(NewUnit{row.code, row.name, "", UnitType::kCommune, province_id, valid_from,
                                     std::nullopt});
                    ++part.created;
                    continue;
                }
                Unit existing = same_code.front();
                if (existing.name_vi == row.name && existing.parent_id == province_id) {
                    ++part.unchanged;
                    continue;
                }
                existing.name_vi = row.name;
                existing.parent_id = province_id;
                w.Update(existing);
                ++part.updated;
            }
            if (part.created + part.updated + part.provinces_created > 0) {
                w.Audit({actor, "unit.import", "", "",
                         "rows=" + std::to_string(end - start) + " created=" + std::to_string(part.created) +
                             " updated=" + std::to_string(part.updated) + " provinces_created=" +
                             std::to_string(part.provinces_created) + " from=" + valid_from});
            }
            return {};
        });
        if (!written.ok()) return written.error();
        provinces.insert(new_provinces.begin(), new_provinces.end());
        total.created += part.created;
        total.updated += part.updated;
        total.unchanged += part.unchanged;
        total.provinces_created += part.provinces_created;
        if (progress) progress(static_cast<int>(end), total.rows);
    }
    return total;
}

}  // namespace mocua::domain::org
