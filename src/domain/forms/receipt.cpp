#include "domain/forms/receipt.hpp"

#include <cstdio>
#include <string_view>
#include <utility>

#include "core/text/text.hpp"

namespace mocua::domain::forms {
namespace {

core::Error Invalid(const char* code, std::string_view detail) {
    return core::Error::InvalidArgument(std::string(code) + ": " + std::string(detail));
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool IsValidTime(const LocalDateTime& t) {
    return t.year >= 1900 && t.year <= 2999 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
           t.day <= DaysInMonth(t.year, t.month) && t.hour >= 0 && t.hour <= 23 && t.minute >= 0 &&
           t.minute <= 59 && t.utc_offset_minutes > -24 * 60 && t.utc_offset_minutes < 24 * 60;
}

// Minutes since 1900-01-01T00:00Z, for ordering two times with possibly different offsets.
long long UtcMinutes(const LocalDateTime& t) {
    long long days = 0;
    for (int y = 1900; y < t.year; ++y) days += IsLeap(y) ? 366 : 365;
    for (int m = 1; m < t.month; ++m) days += DaysInMonth(t.year, m);
    days += t.day - 1;
    return (days * 24 + t.hour) * 60 + t.minute - t.utc_offset_minutes;
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
    AppendJsonString(out, value);
}

}  // namespace

core::Result<void> ValidateReceipt(const ReceiptData& d) {
    const std::pair<const char*, const std::string*> required[] = {
        {"authority_name", &d.authority_name},
        {"receiving_section", &d.receiving_section},
        {"dossier_code", &d.dossier_code},
        {"procedure_code", &d.procedure_code},
        {"applicant_name", &d.applicant_name},
        {"applicant_id", &d.applicant_id},
        {"request", &d.request},
        {"legal_time_limit", &d.legal_time_limit},
        {"result_delivery", &d.result_delivery},
        {"issuing_system", &d.issuing_system},
    };
    for (const auto& [name, value] : required) {
        if (value->empty()) return Invalid(kMissingField, name);
    }
    if (d.components.empty()) return Invalid(kMissingField, "components");
    for (const auto& c : d.components) {
        if (c.name.empty()) return Invalid(kMissingField, "components[].name");
        if (c.quantity < 1) return Invalid(kBadCount, "components[].quantity");
        if (!core::text::IsValidUtf8(c.name)) return Invalid(kBadText, "components[].name");
    }
    if (d.number_of_sets < 1) return Invalid(kBadCount, "number_of_sets");

    const std::pair<const char*, const LocalDateTime*> times[] = {
        {"received_at", &d.received_at}, {"appointment_at", &d.appointment_at}, {"issued_at", &d.issued_at}};
    for (const auto& [name, t] : times) {
        if (!IsValidTime(*t)) return Invalid(kBadTime, name);
    }
    if (UtcMinutes(d.appointment_at) < UtcMinutes(d.received_at)) {
        return Invalid(kBadTime, "appointment_at before received_at");
    }
    if (!d.lookup_url.empty() && d.lookup_url.rfind("https://", 0) != 0 &&
        d.lookup_url.rfind("http://", 0) != 0) {
        return Invalid(kBadUrl, "lookup_url");
    }

    const std::pair<const char*, const std::string*> texts[] = {
        {"national_name", &d.national_name},
        {"motto", &d.motto},
        {"place", &d.place},
        {"number", &d.number},
        {"address", &d.address},
        {"phone", &d.phone},
        {"email", &d.email},
        {"fees", &d.fees},
        {"register_book", &d.register_book},
        {"register_serial", &d.register_serial},
        {"applicant_signature_title", &d.applicant_signature_title},
        {"receiver_signature_title", &d.receiver_signature_title},
        {"receiver_name", &d.receiver_name},
        {"hotline", &d.hotline},
        {"lookup_url", &d.lookup_url},
    };
    for (const auto& [name, value] : required) {
        if (!core::text::IsValidUtf8(*value)) return Invalid(kBadText, name);
    }
    for (const auto& [name, value] : texts) {
        if (!core::text::IsValidUtf8(*value)) return Invalid(kBadText, name);
    }
    return {};
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

core::Result<std::string> ReceiptQrPayload(const ReceiptData& d) {
    if (auto valid = ValidateReceipt(d); !valid) return valid.error();
    std::string out = "{";
    AppendMember(out, "fmt", "mocua-receipt/1");
    AppendMember(out, "dossier", d.dossier_code);
    AppendMember(out, "procedure", d.procedure_code);
    AppendMember(out, "applicant", d.applicant_id);
    AppendMember(out, "doc", kReceiptDocumentName);
    AppendMember(out, "system", d.issuing_system);
    AppendMember(out, "issued", FormatIso8601(d.issued_at));
    AppendMember(out, "appointment", FormatIso8601(d.appointment_at));
    if (!d.lookup_url.empty()) AppendMember(out, "url", d.lookup_url);
    out += '}';
    return out;
}

const char* CopyKindLabel(CopyKind kind) {
    switch (kind) {
        case CopyKind::kOriginal:
            return "Bản chính";
        case CopyKind::kCopy:
            return "Bản sao";
        case CopyKind::kCertifiedCopy:
            return "Bản sao chứng thực";
    }
    return "";
}

}  // namespace mocua::domain::forms
