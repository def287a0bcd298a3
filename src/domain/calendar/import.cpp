#include "domain/calendar/import.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "core/text/text.hpp"

namespace mocua::domain::calendar {

namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxDocument = 300;

bool InRange(Date d) { return YearOf(d) >= 1900 && YearOf(d) <= 2100; }

// The line of each object in the top-level arrays of a JSON text: key → lines, in order.
std::map<std::string, std::vector<int>> EntryLines(std::string_view text) {
    std::map<std::string, std::vector<int>> out;
    int line = 1, depth = 0;
    bool in_string = false, escape = false;
    std::string current, last_key_candidate, array_key;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') ++line;
        if (in_string) {
            if (escape) {
                escape = false;
            } else if (c == '\\') {
                escape = true;
            } else if (c == '"') {
                in_string = false;
                if (depth == 1) last_key_candidate = current;
            } else if (depth == 1) {
                current += c;
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                current.clear();
                break;
            case '{':
            case '[':
                if (c == '[' && depth == 1) array_key = last_key_candidate;
                if (c == '{' && depth == 2) out[array_key].push_back(line);
                ++depth;
                break;
            case '}':
            case ']':
                --depth;
                break;
            default:
                break;
        }
    }
    return out;
}

std::string Text(const json& object, const char* key, bool& wrong_type) {
    if (!object.contains(key) || object[key].is_null()) return "";
    if (!object[key].is_string()) {
        wrong_type = true;
        return "";
    }
    return object[key].get<std::string>();
}

struct RawOverride {
    int line;
    std::string date, kind, occasion, name_vi, name_en, document, source;
};

void AddOverride(const RawOverride& raw, ParsedCalendar& out) {
    const std::size_t before = out.problems.size();
    Override o;
    const auto date = ParseDate(core::text::CleanInput(raw.date));
    if (!date || !InRange(*date)) {
        out.problems.push_back(
            {raw.line, "date", "must be a date YYYY-MM-DD from 1900 to 2100, found \"" + raw.date + "\""});
    } else {
        o.date = *date;
    }
    const auto kind = ParseDayKind(core::text::CleanInput(raw.kind));
    if (!kind) {
        out.problems.push_back(
            {raw.line, "kind",
             "must be holiday, compensatory, swap-off or swap-work, found \"" + raw.kind + "\""});
    } else {
        o.kind = *kind;
    }
    const auto occasion = ParseOccasion(core::text::CleanInput(raw.occasion));
    if (!occasion) {
        out.problems.push_back(
            {raw.line, "occasion",
             "must be new_year, tet, hung_kings, reunification_labour, national_day or other, "
             "found \"" +
                 raw.occasion + "\""});
    } else {
        o.occasion = *occasion;
    }
    o.name_vi = raw.name_vi;
    o.name_en = raw.name_en;
    o.document = raw.document;
    o.source = raw.source;
    if (out.problems.size() == before) {
        for (auto& [field, message] : CheckOverride(o)) out.problems.push_back({raw.line, field, message});
    }
    if (out.problems.size() != before) return;
    for (const auto& seen : out.overrides) {
        if (seen.value.date == o.date) {
            out.problems.push_back(
                {raw.line, "date",
                 FormatDate(o.date) + " already appears on line " + std::to_string(seen.line)});
            return;
        }
    }
    out.overrides.push_back({raw.line, std::move(o)});
}

// Adds one weekday of a schedule (CSV) or a whole schedule (JSON) to the rows, merging by unit and start.
OfficeHoursRow* ScheduleFor(ParsedCalendar& out, int line, const std::string& unit, Date from,
                            std::optional<Date> to) {
    for (auto& row : out.office_hours)
        if (row.unit_code == unit && row.valid_from == from) return &row;
    out.office_hours.push_back({line, unit, from, to, WeekHours{}});
    return &out.office_hours.back();
}

struct ScheduleHead {
    std::string unit;
    Date from{};
    std::optional<Date> to;
    bool ok = false;
};

ScheduleHead CheckHead(int line, const std::string& unit_raw, const std::string& from_raw,
                       const std::string& to_raw, ParsedCalendar& out) {
    ScheduleHead head;
    head.unit = core::text::CleanInput(unit_raw);
    const std::size_t before = out.problems.size();
    if (head.unit.empty() || head.unit.size() > 32)
        out.problems.push_back({line, "unit", "must be a unit code (at most 32 characters)"});
    const auto from = ParseDate(core::text::CleanInput(from_raw));
    if (!from || !InRange(*from)) {
        out.problems.push_back({line, "valid_from", "must be a date YYYY-MM-DD from 1900 to 2100"});
    } else {
        head.from = *from;
    }
    const std::string to_text = core::text::CleanInput(to_raw);
    if (!to_text.empty()) {
        const auto to = ParseDate(to_text);
        if (!to || !InRange(*to)) {
            out.problems.push_back(
                {line, "valid_to", "must be empty or a date YYYY-MM-DD from 1900 to 2100"});
        } else if (from && *to < *from) {
            out.problems.push_back({line, "valid_to", "must not be before valid_from"});
        } else {
            head.to = *to;
        }
    }
    head.ok = out.problems.size() == before;
    return head;
}

void ParseJson(std::string_view text, ParsedCalendar& out) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        int line = 1;
        for (std::size_t i = 0; i < e.byte && i < text.size(); ++i)
            if (text[i] == '\n') ++line;
        out.problems.push_back({line, "", "not valid JSON"});
        return;
    } catch (const json::exception&) {
        // out_of_range.406, a number too large for a double ("1E999"): nlohmann gives no position, so
        // the problem is the whole file's (line 0).
        out.problems.push_back({0, "", "not valid JSON: a number is too large"});
        return;
    }
    if (!doc.is_object()) {
        out.problems.push_back({1, "", "the file must hold one JSON object"});
        return;
    }
    if (!doc.contains("format") || doc["format"] != std::string(kCalendarFormat)) {
        out.problems.push_back({1, "format", "must be \"" + std::string(kCalendarFormat) + "\""});
        return;
    }
    const auto lines = EntryLines(text);
    const auto line_of = [&](const char* key, std::size_t i) {
        const auto it = lines.find(key);
        return it != lines.end() && i < it->second.size() ? it->second[i] : 1;
    };
    if (doc.contains("overrides")) {
        if (!doc["overrides"].is_array()) {
            out.problems.push_back({1, "overrides", "must be an array"});
        } else {
            for (std::size_t i = 0; i < doc["overrides"].size(); ++i) {
                const json& e = doc["overrides"][i];
                const int line = line_of("overrides", i);
                if (!e.is_object()) {
                    out.problems.push_back({line, "", "each override must be an object"});
                    continue;
                }
                bool wrong = false;
                RawOverride raw{line,
                                Text(e, "date", wrong),
                                Text(e, "kind", wrong),
                                Text(e, "occasion", wrong),
                                Text(e, "name_vi", wrong),
                                Text(e, "name_en", wrong),
                                Text(e, "document", wrong),
                                Text(e, "source", wrong)};
                if (wrong) {
                    out.problems.push_back({line, "", "every field must be a string"});
                    continue;
                }
                AddOverride(raw, out);
            }
        }
    }
    if (doc.contains("office_hours")) {
        if (!doc["office_hours"].is_array()) {
            out.problems.push_back({1, "office_hours", "must be an array"});
            return;
        }
        for (std::size_t i = 0; i < doc["office_hours"].size(); ++i) {
            const json& e = doc["office_hours"][i];
            const int line = line_of("office_hours", i);
            bool wrong = false;
            if (!e.is_object()) {
                out.problems.push_back({line, "", "each schedule must be an object"});
                continue;
            }
            const ScheduleHead head = CheckHead(line, Text(e, "unit", wrong), Text(e, "valid_from", wrong),
                                                Text(e, "valid_to", wrong), out);
            if (wrong) out.problems.push_back({line, "", "unit, valid_from and valid_to must be strings"});
            if (!e.contains("week") || !e["week"].is_object()) {
                out.problems.push_back({line, "week", "must be an object of weekday → \"HH:MM-HH:MM,…\""});
                continue;
            }
            WeekHours week;
            bool ok = head.ok && !wrong;
            for (const auto& [day, value] : e["week"].items()) {
                const auto weekday = ParseWeekday(day);
                const auto hours = value.is_string() ? ParseDayHours(value.get<std::string>()) : std::nullopt;
                if (!weekday) {
                    out.problems.push_back({line, "week", "unknown weekday \"" + day + "\" (mon … sun)"});
                    ok = false;
                } else if (!hours) {
                    out.problems.push_back({line, "week." + day, "must be periods HH:MM-HH:MM, in order"});
                    ok = false;
                } else {
                    week.days[static_cast<std::size_t>(*weekday - 1)] = *hours;
                }
            }
            if (ok && week.Closed()) {
                out.problems.push_back({line, "week", "at least one weekday must have office hours"});
                ok = false;
            }
            if (!ok) continue;
            OfficeHoursRow* row = ScheduleFor(out, line, head.unit, head.from, head.to);
            if (row->line != line) {
                out.problems.push_back({line, "valid_from",
                                        "the unit already has a schedule starting that day on line " +
                                            std::to_string(row->line)});
                continue;
            }
            row->week = week;
        }
    }
}

void ParseCsv(std::string_view text, ParsedCalendar& out) {
    enum class Kind { kUnknown, kOverrides, kOfficeHours } kind = Kind::kUnknown;
    bool bad_header = false;  // nothing after a wrong header is read
    core::ForEachCsvLine(
        text,
        [&](int line_no, const std::vector<std::string>& fields) {
            if (bad_header) return;
            if (kind == Kind::kUnknown) {
                const std::string first = core::text::FoldForSearch(fields[0]);
                if (first == "date" && fields.size() == 7) {
                    kind = Kind::kOverrides;
                } else if (first == "unit" && fields.size() == 5) {
                    kind = Kind::kOfficeHours;
                } else {
                    out.problems.push_back(
                        {line_no, "",
                         "the first line must be a header: date,kind,occasion,name_vi,name_en,"
                         "document,source or unit,valid_from,valid_to,weekday,intervals"});
                    bad_header = true;
                    return;
                }
                return;
            }
            if (kind == Kind::kOverrides) {
                if (fields.size() != 7) {
                    out.problems.push_back(
                        {line_no, "", "expected 7 fields, found " + std::to_string(fields.size())});
                    return;
                }
                AddOverride(
                    {line_no, fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]},
                    out);
                return;
            }
            if (fields.size() != 5) {
                out.problems.push_back(
                    {line_no, "", "expected 5 fields, found " + std::to_string(fields.size())});
                return;
            }
            const ScheduleHead head = CheckHead(line_no, fields[0], fields[1], fields[2], out);
            const auto weekday = ParseWeekday(fields[3]);
            const auto hours = ParseDayHours(fields[4]);
            if (!weekday) out.problems.push_back({line_no, "weekday", "must be mon … sun or 1 … 7"});
            if (!hours)
                out.problems.push_back({line_no, "intervals", "must be periods HH:MM-HH:MM, in order"});
            if (!head.ok || !weekday || !hours) return;
            OfficeHoursRow* row = ScheduleFor(out, line_no, head.unit, head.from, head.to);
            if (row->valid_to != head.to) {
                out.problems.push_back(
                    {line_no, "valid_to",
                     "differs from line " + std::to_string(row->line) + " of the same schedule"});
                return;
            }
            row->week.days[static_cast<std::size_t>(*weekday - 1)] = *hours;
        },
        [&](int line_no) {
            if (!bad_header) out.problems.push_back({line_no, "", "unbalanced double quote"});
        });
    if (bad_header) return;
    if (kind == Kind::kUnknown) out.problems.push_back({0, "", "the file is empty"});
    for (const auto& row : out.office_hours) {
        if (row.week.Closed())
            out.problems.push_back({row.line, "intervals", "at least one weekday must have office hours"});
    }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> CheckOverride(Override& o) {
    std::vector<std::pair<std::string, std::string>> problems;
    o.name_vi = core::text::CleanInput(o.name_vi);
    o.name_en = core::text::CleanInput(o.name_en);
    o.document = core::text::CleanInput(o.document);
    o.source = core::text::CleanInput(o.source);
    if (!InRange(o.date)) problems.push_back({"date", "must be from 1900 to 2100"});
    if (o.name_vi.empty() || o.name_vi.size() > kMaxName)
        problems.push_back({"name_vi", "must not be empty (at most 200 bytes)"});
    if (o.name_en.size() > kMaxName) problems.push_back({"name_en", "must be at most 200 bytes"});
    if (o.document.size() > kMaxDocument) problems.push_back({"document", "must be at most 300 bytes"});
    if (o.source.size() > kMaxDocument) problems.push_back({"source", "must be at most 300 bytes"});
    if (o.kind == DayKind::kSwapWork && IsoWeekday(o.date) < 6)
        problems.push_back({"kind", "a swapped working day (swap-work) must be a Saturday or Sunday"});
    return problems;
}

ParsedCalendar ParseCalendarFile(std::string_view text) {
    ParsedCalendar out;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (!core::text::IsValidUtf8(text)) {
        out.problems.push_back({0, "", "the file is not UTF-8 text"});
        return out;
    }
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        out.problems.push_back({0, "", "the file is empty"});
        return out;
    }
    if (text[first] == '{') {
        ParseJson(text, out);
    } else {
        ParseCsv(text, out);
    }
    if (!out.problems.empty()) {
        out.overrides.clear();
        out.office_hours.clear();
    }
    return out;
}

}  // namespace mocua::domain::calendar
