#include "domain/forms/form_common.hpp"

#include <cstdio>

#include "core/text/text.hpp"

namespace mocua::domain::forms {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Minutes since 1900-01-01T00:00Z, for ordering two times with possibly different offsets.
long long UtcMinutes(const LocalDateTime& t) {
    long long days = 0;
    for (int y = 1900; y < t.year; ++y) days += IsLeap(y) ? 366 : 365;
    for (int m = 1; m < t.month; ++m) days += DaysInMonth(t.year, m);
    days += t.day - 1;
    return (days * 24 + t.hour) * 60 + t.minute - t.utc_offset_minutes;
}

// The inverse of UtcMinutes for the wall clock: minutes since 1900-01-01T00:00 (same offset) to a date.
LocalDateTime FromMinutes(long long minutes, int offset_minutes) {
    LocalDateTime t;
    t.utc_offset_minutes = offset_minutes;
    long long days = minutes / (24 * 60);
    const long long in_day = minutes % (24 * 60);
    t.hour = static_cast<int>(in_day / 60);
    t.minute = static_cast<int>(in_day % 60);
    int y = 1900;
    while (days >= (IsLeap(y) ? 366 : 365)) days -= IsLeap(y++) ? 366 : 365;
    int m = 1;
    while (days >= DaysInMonth(y, m)) days -= DaysInMonth(y, m++);
    t.year = y;
    t.month = m;
    t.day = static_cast<int>(days) + 1;
    return t;
}

void AppendJsonString(std::string& out, std::string_view s) {
    out += '"';
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (u < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04X", u);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

void AppendMember(std::string& out, std::string_view key, std::string_view value) {
    if (out.size() > 1) out += ',';
    AppendJsonString(out, key);
    out += ':';
    AppendJsonString(out, core::text::ToNfc(value));
}

}  // namespace

core::Error FormRuleError(const char* code, std::string_view detail) {
    return core::Error::InvalidArgument(std::string(code) + ": " + std::string(detail));
}

core::Result<void> CheckPresent(std::initializer_list<NamedText> texts) {
    for (const auto& [name, value] : texts) {
        if (value->empty()) return FormRuleError(kMissingField, name);
    }
    return {};
}

core::Result<void> CheckUtf8(std::initializer_list<NamedText> texts) {
    for (const auto& [name, value] : texts) {
        if (!core::text::IsValidUtf8(*value)) return FormRuleError(kBadText, name);
    }
    return {};
}

core::Result<void> CheckTimes(std::initializer_list<NamedTime> times) {
    for (const auto& [name, t] : times) {
        if (!IsValidLocalDateTime(*t)) return FormRuleError(kBadTime, name);
    }
    return {};
}

core::Result<void> CheckHeaderPresent(const FormHeader& h) {
    return CheckPresent(
        {{"header.authority_name", &h.authority_name}, {"header.receiving_section", &h.receiving_section}});
}

core::Result<void> CheckHeaderUtf8(const FormHeader& h) {
    return CheckUtf8({{"header.authority_name", &h.authority_name},
                      {"header.receiving_section", &h.receiving_section},
                      {"header.national_name", &h.national_name},
                      {"header.motto", &h.motto},
                      {"header.place", &h.place},
                      {"header.number", &h.number}});
}

bool IsValidLocalDateTime(const LocalDateTime& t) {
    return t.year >= 1900 && t.year <= 2999 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
           t.day <= DaysInMonth(t.year, t.month) && t.hour >= 0 && t.hour <= 23 && t.minute >= 0 &&
           t.minute <= 59 && t.utc_offset_minutes > -24 * 60 && t.utc_offset_minutes < 24 * 60;
}

const char* TimelinessLabel(Timeliness mark) {
    switch (mark) {
        case Timeliness::kEarly:
            return "Trước hạn";
        case Timeliness::kOnTime:
            return "Đúng hạn";
        case Timeliness::kLate:
            return "Quá hạn";
        case Timeliness::kNone:
            break;
    }
    return "";
}

LocalDateTime ToUtcOffset(const LocalDateTime& t, int offset_minutes) {
    return FromMinutes(UtcMinutes(t) + offset_minutes, offset_minutes);
}

std::string FormatShortDate(const LocalDateTime& t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", t.day, t.month, t.year);
    return buf;
}

std::string FormatShortDateTime(const LocalDateTime& t) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d", t.day, t.month, t.year, t.hour, t.minute);
    return buf;
}

bool IsBefore(const LocalDateTime& a, const LocalDateTime& b) { return UtcMinutes(a) < UtcMinutes(b); }

bool IsEmptyOrHttpUrl(std::string_view url) {
    return url.empty() || url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

std::string FormatIso8601(const LocalDateTime& t) {
    const int offset = t.utc_offset_minutes < 0 ? -t.utc_offset_minutes : t.utc_offset_minutes;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d%c%02d:%02d", t.year, t.month, t.day, t.hour,
                  t.minute, t.utc_offset_minutes < 0 ? '-' : '+', offset / 60, offset % 60);
    return buf;
}

std::string FormatVietnameseDateTime(const LocalDateTime& t) {
    char buf[80];
    std::snprintf(buf, sizeof buf, "%02d giờ %02d phút, ngày %02d tháng %02d năm %04d", t.hour, t.minute,
                  t.day, t.month, t.year);
    return buf;
}

std::string FormatPlaceAndDate(std::string_view place, const LocalDateTime& t) {
    char buf[64];
    std::snprintf(buf, sizeof buf, ", ngày %02d tháng %02d năm %04d", t.day, t.month, t.year);
    return std::string(place) + buf;
}

std::string BuildQrPayload(const QrIdentity& id,
                           const std::vector<std::pair<std::string_view, std::string>>& extra) {
    std::string out = "{";
    AppendMember(out, "fmt", id.format);
    AppendMember(out, "dossier", id.dossier_code);
    AppendMember(out, "procedure", id.procedure_code);
    AppendMember(out, "applicant", id.applicant_id);
    AppendMember(out, "doc", id.document_name);
    AppendMember(out, "system", id.issuing_system);
    AppendMember(out, "issued", FormatIso8601(id.issued_at));
    for (const auto& [key, value] : extra) AppendMember(out, key, value);
    if (!id.lookup_url.empty()) AppendMember(out, "url", id.lookup_url);
    out += '}';
    return out;
}

}  // namespace mocua::domain::forms
