#include "domain/calendar/holidays.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "domain/calendar/lunar.hpp"

namespace mocua::domain::calendar {

namespace {

using std::chrono::days;

constexpr std::array<std::pair<DayKind, std::string_view>, 4> kKindNames = {{
    {DayKind::kHoliday, "holiday"},
    {DayKind::kCompensatory, "compensatory"},
    {DayKind::kSwapOff, "swap-off"},
    {DayKind::kSwapWork, "swap-work"},
}};

constexpr std::array<std::pair<Occasion, std::string_view>, 6> kOccasionNames = {{
    {Occasion::kNewYear, "new_year"},
    {Occasion::kTet, "tet"},
    {Occasion::kHungKings, "hung_kings"},
    {Occasion::kReunificationLabour, "reunification_labour"},
    {Occasion::kNationalDay, "national_day"},
    {Occasion::kOther, "other"},
}};

bool Weekend(Date d) { return IsoWeekday(d) >= 6; }

struct RuleDay {
    Date date;
    Occasion occasion;
    std::string name_vi;
    std::string name_en;
    bool variable;  // the law leaves the exact day to the yearly decision
};

std::vector<RuleDay> RuleDays(int year, const std::set<Occasion>& decided) {
    std::vector<RuleDay> out;
    out.push_back({MakeDate(year, 1, 1), Occasion::kNewYear, "Tết Dương lịch", "New Year's Day", false});
    if (!decided.contains(Occasion::kTet)) {
        const Date tet = LunarNewYear(year);
        const Date eve = tet - days{1};
        out.push_back({eve, Occasion::kTet,
                       "Tết Âm lịch (" + std::to_string(ToLunar(eve).day) + " tháng Chạp)",
                       "Lunar New Year (Tết), last day of the old year", true});
        for (int i = 0; i < 4; ++i) {
            out.push_back({tet + days{i}, Occasion::kTet, "Tết Âm lịch (mùng " + std::to_string(i + 1) + ")",
                           "Lunar New Year (Tết), day " + std::to_string(i + 1), true});
        }
    }
    if (const auto hung = FromLunar({10, 3, year, false})) {
        out.push_back({*hung, Occasion::kHungKings, "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
                       "Hung Kings' Commemoration Day (10th day of the 3rd lunar month)", false});
    }
    out.push_back({MakeDate(year, 4, 30), Occasion::kReunificationLabour, "Ngày Chiến thắng (30/4)",
                   "Reunification Day (30 April)", false});
    out.push_back({MakeDate(year, 5, 1), Occasion::kReunificationLabour, "Ngày Quốc tế lao động (1/5)",
                   "International Labour Day (1 May)", false});
    out.push_back({MakeDate(year, 9, 2), Occasion::kNationalDay, "Quốc khánh (2/9)",
                   "National Day (2 September)", false});
    if (!decided.contains(Occasion::kNationalDay)) {
        out.push_back({NationalDayAdjacent(year), Occasion::kNationalDay, "Quốc khánh (ngày liền kề)",
                       "National Day (adjacent day)", true});
    }
    return out;
}

}  // namespace

std::string_view DayKindName(DayKind kind) {
    for (const auto& [k, name] : kKindNames)
        if (k == kind) return name;
    return "holiday";
}

std::optional<DayKind> ParseDayKind(std::string_view name) {
    for (const auto& [k, n] : kKindNames)
        if (n == name) return k;
    return std::nullopt;
}

bool IsDayOff(DayKind kind) { return kind != DayKind::kSwapWork; }

std::string_view OccasionName(Occasion occasion) {
    for (const auto& [o, name] : kOccasionNames)
        if (o == occasion) return name;
    return "other";
}

std::optional<Occasion> ParseOccasion(std::string_view name) {
    for (const auto& [o, n] : kOccasionNames)
        if (n == name) return o;
    return std::nullopt;
}

std::string_view BasisName(Basis basis) {
    switch (basis) {
        case Basis::kLaw:
            return "law";
        case Basis::kDecision:
            return "decision";
        case Basis::kEstimate:
            return "estimate";
    }
    return "law";
}

Date NationalDayAdjacent(int year) {
    const Date sep2 = MakeDate(year, 9, 2);
    switch (IsoWeekday(sep2)) {
        case 1:  // Monday: with the weekend before, Tuesday makes four days
        case 4:  // Thursday: Friday joins the weekend
        case 7:  // Sunday: Monday, and Sunday's compensatory day follows
            return sep2 + days{1};
        default:  // Tuesday, Wednesday, Friday, Saturday: the day before
            return sep2 - days{1};
    }
}

std::vector<DayEntry> YearSchedule(int year, const std::vector<Override>& overrides) {
    std::set<Occasion> decided;
    for (const auto& o : overrides)
        if (YearOf(o.date) == year) decided.insert(o.occasion);

    std::map<Date, DayEntry> days_by_date;
    const std::vector<RuleDay> rules = RuleDays(year, decided);
    for (const auto& r : rules) {
        days_by_date[r.date] = DayEntry{r.date,
                                        DayKind::kHoliday,
                                        r.occasion,
                                        r.name_vi,
                                        r.name_en,
                                        r.variable ? Basis::kEstimate : Basis::kLaw,
                                        std::string(kLabourCode),
                                        ""};
    }
    for (const auto& o : overrides) {
        if (YearOf(o.date) != year) continue;
        days_by_date[o.date] = DayEntry{o.date,    o.kind,           o.occasion, o.name_vi,
                                        o.name_en, Basis::kDecision, o.document, o.source};
    }
    // Art. 111(3): a holiday on Saturday or Sunday moves to the next working day, for occasions the data
    // does not decide (decisions list their compensatory days themselves). Rules are in date order
    // within each occasion; sort them so that each compensatory day goes after the earlier ones.
    std::vector<const RuleDay*> ordered;
    for (const auto& r : rules) ordered.push_back(&r);
    std::sort(ordered.begin(), ordered.end(),
              [](const RuleDay* a, const RuleDay* b) { return a->date < b->date; });
    for (const RuleDay* r : ordered) {
        if (decided.contains(r->occasion) || !Weekend(r->date)) continue;
        const auto& entry = days_by_date[r->date];
        if (entry.basis == Basis::kDecision) continue;
        Date d = r->date + days{1};
        while (Weekend(d) || (days_by_date.contains(d) && IsDayOff(days_by_date[d].kind))) d += days{1};
        days_by_date[d] = DayEntry{d,
                                   DayKind::kCompensatory,
                                   r->occasion,
                                   "Nghỉ bù " + r->name_vi,
                                   "Compensatory day off for " + r->name_en,
                                   r->variable ? Basis::kEstimate : Basis::kLaw,
                                   std::string(kLabourCode),
                                   ""};
    }
    std::vector<DayEntry> out;
    out.reserve(days_by_date.size());
    for (auto& [date, entry] : days_by_date) out.push_back(std::move(entry));
    return out;
}

}  // namespace mocua::domain::calendar
