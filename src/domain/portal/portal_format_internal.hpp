#pragma once
// Helpers shared by the files of the national-portal format (portal_format.cpp: times, reading and
// checking one line, the line splitter; portal_consistency.cpp: the rules between fields;
// portal_write.cpp: writing a line): the key names, in the order ToJsonLine writes them, and the Reader
// that checks a line's fields and collects its problems. Not part of the module's interface.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/portal/portal_format.hpp"

namespace mocua::domain::portal::format_detail {

using nlohmann::json;

// Top-level keys, in the order ToJsonLine writes them (docs/portal-format.md, "Key order").
inline constexpr std::string_view kMaHoSo = "MaHoSo";
inline constexpr std::string_view kMaTTHC = "MaTTHC";
inline constexpr std::string_view kDonViXuLy = "DonViXuLy";
inline constexpr std::string_view kKenhThucHien = "KenhThucHien";
inline constexpr std::string_view kTrangThaiHoSo = "TrangThaiHoSo";
inline constexpr std::string_view kNgayNopHoSo = "NgayNopHoSo";
inline constexpr std::string_view kNgayTiepNhan = "NgayTiepNhan";
inline constexpr std::string_view kNgayHenTra = "NgayHenTra";
inline constexpr std::string_view kNgayKetThucXuLy = "NgayKetThucXuLy";
inline constexpr std::string_view kNgayTraKetQua = "NgayTraKetQua";
inline constexpr std::string_view kDuocThanhToanTrucTuyen = "DuocThanhToanTrucTuyen";
inline constexpr std::string_view kTaiKhoanVNeID = "TaiKhoanDuocXacThucVoiVNeID";
inline constexpr std::string_view kDanhSachLePhi = "DanhSachLePhi";
// The 766 formula's spelling of the fee list, read only.
inline constexpr std::string_view kDanhSachPhiLePhi = "DanhSachPhiLePhi";
inline constexpr std::string_view kTaiLieuNop = "TaiLieuNop";
inline constexpr std::string_view kMaKetQua = "MaKetQua";
inline constexpr std::string_view kDuongDanTepTinKetQua = "DuongDanTepTinKetQua";
inline constexpr std::string_view kYeuCauBoSung = "YeuCauBoSung";
inline constexpr std::string_view kQuaTrinhXuLy = "QuaTrinhXuLy";
// Entries of the lists.
inline constexpr std::string_view kTenPhiLePhi = "TenPhiLePhi";
inline constexpr std::string_view kMucPhi = "MucPhi";
inline constexpr std::string_view kTenTepDinhKem = "TenTepDinhKem";
inline constexpr std::string_view kDuocSoHoa = "DuocSoHoa";
inline constexpr std::string_view kDuocTaiSuDung = "DuocTaiSuDung";
inline constexpr std::string_view kDuocLayTuKhoDMQG = "DuocLayTuKhoDMQG";
inline constexpr std::string_view kNgayYeuCau = "NgayYeuCau";
inline constexpr std::string_view kNgayHoanThanh = "NgayHoanThanh";
inline constexpr std::string_view kThoiDiem = "ThoiDiem";
inline constexpr std::string_view kDonVi = "DonVi";
inline constexpr std::string_view kNoiDung = "NoiDung";

inline std::string Quote(std::string_view text) {
    // Enough of the value to recognise it in a message, never a whole 1 MiB line.
    constexpr std::size_t kShown = 40;
    std::string out = "\"";
    out += text.size() > kShown ? std::string(text.substr(0, kShown)) + "…" : std::string(text);
    out += '"';
    return out;
}

// What a JSON value is, for messages ("expected a string, got a number").
inline std::string_view KindOf(const json& v) {
    switch (v.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::object:
            return "an object";
        case json::value_t::array:
            return "a list";
        case json::value_t::string:
            return "a string";
        case json::value_t::boolean:
            return "true/false";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float:
            return "a number";
        default:
            return "an unsupported value";
    }
}

// Absent, null and "" all mean "not given" in the portal's files.
inline bool IsAbsent(const json* v) {
    return v == nullptr || v->is_null() || (v->is_string() && v->get_ref<const std::string&>().empty());
}

inline bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

enum class Got { kAbsent, kBad, kOk };

// Reads one line's fields, collecting problems.
class Reader {
public:
    Reader(int line, std::vector<Problem>& problems) : line_(line), problems_(problems) {}

    bool failed() const { return failed_; }

    void Error(std::string field, std::string rule, std::string message) {
        failed_ = true;
        problems_.push_back({line_, std::move(field), std::move(rule), std::move(message), Severity::kError});
    }
    void Warn(std::string field, std::string rule, std::string message) {
        problems_.push_back(
            {line_, std::move(field), std::move(rule), std::move(message), Severity::kWarning});
    }

    // Warns about keys of `obj` not in `known`.
    void UnknownKeys(const json& obj, const std::string& prefix,
                     std::initializer_list<std::string_view> known) {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool found = false;
            for (std::string_view k : known) found = found || it.key() == k;
            if (!found) {
                Warn(prefix + it.key(), "portal.unknown_key",
                     "unknown key " + Quote(it.key()) + " is ignored");
            }
        }
    }

    // A string; `required` ones may not be absent, null, "" or only spaces.
    Got String(const json* v, const std::string& field, bool required, std::string& out) {
        if (v == nullptr || v->is_null()) {
            if (!required) return Got::kAbsent;
            Error(field, "portal.required", field + " is required");
            return Got::kBad;
        }
        if (!v->is_string()) {
            Error(field, "portal.type", "expected a string, got " + std::string(KindOf(*v)));
            return Got::kBad;
        }
        const std::string& s = v->get_ref<const std::string&>();
        if (required && IsBlank(s)) {
            Error(field, "portal.required", field + " is required");
            return Got::kBad;
        }
        out = s;
        return s.empty() ? Got::kAbsent : Got::kOk;
    }

    // A whole number: a JSON integer, a JSON number with no fraction (2.0), or a string of digits ("2",
    // "-5"), as some provincial systems send. null and "" are absent.
    Got Integer(const json* v, const std::string& field, std::int64_t& out) {
        if (IsAbsent(v)) return Got::kAbsent;
        constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
        switch (v->type()) {
            case json::value_t::number_integer:
                out = v->get<std::int64_t>();
                return Got::kOk;
            case json::value_t::number_unsigned:
                if (v->get<std::uint64_t>() > static_cast<std::uint64_t>(kMax)) break;
                out = static_cast<std::int64_t>(v->get<std::uint64_t>());
                return Got::kOk;
            case json::value_t::number_float: {
                const double d = v->get<double>();
                // 9.2e18 is the first double at or above 2^63; anything below it fits.
                if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.2e18) {
                    out = static_cast<std::int64_t>(d);
                    return Got::kOk;
                }
                break;
            }
            case json::value_t::string: {
                const std::string& s = v->get_ref<const std::string&>();
                const char* first = s.data();
                const char* last = s.data() + s.size();
                if (first != last && *first == '+') ++first;  // from_chars refuses '+'
                std::int64_t n = 0;
                const auto [end, ec] = std::from_chars(first, last, n);
                if (ec == std::errc() && end == last && first != last) {
                    out = n;
                    return Got::kOk;
                }
                Error(field, "portal.type", "expected a whole number, got " + Quote(s));
                return Got::kBad;
            }
            default:
                Error(field, "portal.type", "expected a whole number, got " + std::string(KindOf(*v)));
                return Got::kBad;
        }
        Error(field, "portal.type", "expected a whole number, got " + v->dump());
        return Got::kBad;
    }

    // An integer in [lo, hi]; outside it is `rule`.
    Got Ranged(const json* v, const std::string& field, std::int64_t lo, std::int64_t hi, const char* rule,
               const char* what, std::int64_t& out) {
        const Got got = Integer(v, field, out);
        if (got == Got::kOk && (out < lo || out > hi)) {
            Error(field, rule, std::to_string(out) + " is not " + what);
            return Got::kBad;
        }
        return got;
    }

    Got Flag(const json* v, const std::string& field, bool& out) {
        std::int64_t n = 0;
        const Got got = Ranged(v, field, 0, 1, "portal.flag.range", "0 or 1", n);
        if (got == Got::kOk) out = n == 1;
        return got;
    }

    Got State(const json* v, const std::string& field, bool required, DossierState& out) {
        std::int64_t n = 0;
        const Got got =
            Ranged(v, field, kMinState, kMaxState, "portal.state.range", "a dossier state (1 to 10)", n);
        if (got == Got::kOk) out = static_cast<DossierState>(n);
        if (got == Got::kAbsent && required) {
            Error(field, "portal.required", field + " is required");
            return Got::kBad;
        }
        return got;
    }

    // A time "yyyyMMddHHmmss" (Vietnam time); "" and null are absent.
    Got Time(const json* v, const std::string& field, bool required, std::optional<core::TimePoint>& out) {
        if (IsAbsent(v)) {
            if (required) {
                Error(field, "portal.required", field + " is required");
                return Got::kBad;
            }
            return Got::kAbsent;
        }
        if (!v->is_string()) {
            Error(field, "portal.type",
                  "expected a time as a string \"yyyyMMddHHmmss\", got " + std::string(KindOf(*v)));
            return Got::kBad;
        }
        const std::string& s = v->get_ref<const std::string&>();
        out = ParseTime(s);
        if (!out) {
            Error(field, "portal.time.format",
                  Quote(s) + " is not a time written yyyyMMddHHmmss (Vietnam time), e.g. \"20250915083000\"");
            return Got::kBad;
        }
        return Got::kOk;
    }

    // A list of objects: calls `each(entry, "Name[i].")` for every entry. Absent and null are empty.
    template <typename F>
    void List(const json* v, const std::string& field, F&& each) {
        if (v == nullptr || v->is_null()) return;
        if (!v->is_array()) {
            Error(field, "portal.type", "expected a list, got " + std::string(KindOf(*v)));
            return;
        }
        for (std::size_t i = 0; i < v->size(); ++i) {
            const json& entry = (*v)[i];
            const std::string name = field + "[" + std::to_string(i) + "]";
            if (!entry.is_object()) {
                Error(name, "portal.type", "expected an object, got " + std::string(KindOf(entry)));
                continue;
            }
            each(entry, name + ".");
        }
    }

private:
    int line_;
    std::vector<Problem>& problems_;
    bool failed_ = false;
};

inline const json* Find(const json& obj, std::string_view key) {
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

inline std::string Field(std::string_view name) { return std::string(name); }

}  // namespace mocua::domain::portal::format_detail
