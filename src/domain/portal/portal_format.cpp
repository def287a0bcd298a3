#include "domain/portal/portal_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>

#include "domain/calendar/dates.hpp"

namespace mocua::domain::portal {

using namespace std::chrono;
using nlohmann::json;

namespace {

// Our objects nest three deep (line → list → entry). Anything much deeper is not this format, and a
// limit keeps a hostile line of a million '[' from costing a million allocations.
constexpr int kMaxDepth = 64;

// Top-level keys, in the order ToJsonLine writes them (docs/portal-format.md, "Key order").
constexpr std::string_view kMaHoSo = "MaHoSo";
constexpr std::string_view kMaTTHC = "MaTTHC";
constexpr std::string_view kDonViXuLy = "DonViXuLy";
constexpr std::string_view kKenhThucHien = "KenhThucHien";
constexpr std::string_view kTrangThaiHoSo = "TrangThaiHoSo";
constexpr std::string_view kNgayNopHoSo = "NgayNopHoSo";
constexpr std::string_view kNgayTiepNhan = "NgayTiepNhan";
constexpr std::string_view kNgayHenTra = "NgayHenTra";
constexpr std::string_view kNgayKetThucXuLy = "NgayKetThucXuLy";
constexpr std::string_view kNgayTraKetQua = "NgayTraKetQua";
constexpr std::string_view kDuocThanhToanTrucTuyen = "DuocThanhToanTrucTuyen";
constexpr std::string_view kTaiKhoanVNeID = "TaiKhoanDuocXacThucVoiVNeID";
constexpr std::string_view kDanhSachLePhi = "DanhSachLePhi";
constexpr std::string_view kDanhSachPhiLePhi = "DanhSachPhiLePhi";  // the 766 formula's spelling, read only
constexpr std::string_view kTaiLieuNop = "TaiLieuNop";
constexpr std::string_view kMaKetQua = "MaKetQua";
constexpr std::string_view kDuongDanTepTinKetQua = "DuongDanTepTinKetQua";
constexpr std::string_view kYeuCauBoSung = "YeuCauBoSung";
constexpr std::string_view kQuaTrinhXuLy = "QuaTrinhXuLy";
// Entries of the lists.
constexpr std::string_view kTenPhiLePhi = "TenPhiLePhi";
constexpr std::string_view kMucPhi = "MucPhi";
constexpr std::string_view kTenTepDinhKem = "TenTepDinhKem";
constexpr std::string_view kDuocSoHoa = "DuocSoHoa";
constexpr std::string_view kDuocTaiSuDung = "DuocTaiSuDung";
constexpr std::string_view kDuocLayTuKhoDMQG = "DuocLayTuKhoDMQG";
constexpr std::string_view kNgayYeuCau = "NgayYeuCau";
constexpr std::string_view kNgayHoanThanh = "NgayHoanThanh";
constexpr std::string_view kThoiDiem = "ThoiDiem";
constexpr std::string_view kDonVi = "DonVi";
constexpr std::string_view kNoiDung = "NoiDung";

std::string Quote(std::string_view text) {
    // Enough of the value to recognise it in a message, never a whole 1 MiB line.
    constexpr std::size_t kShown = 40;
    std::string out = "\"";
    out += text.size() > kShown ? std::string(text.substr(0, kShown)) + "…" : std::string(text);
    out += '"';
    return out;
}

// What a JSON value is, for messages ("expected a string, got a number").
std::string_view KindOf(const json& v) {
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
bool IsAbsent(const json* v) {
    return v == nullptr || v->is_null() || (v->is_string() && v->get_ref<const std::string&>().empty());
}

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// The deepest nesting of objects and lists in `text`, counting outside strings; stops counting past
// kMaxDepth.
int NestingDepth(std::string_view text) {
    int depth = 0, deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest) deepest = depth;
            if (deepest > kMaxDepth) return deepest;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

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

const json* Find(const json& obj, std::string_view key) {
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

std::string Field(std::string_view name) { return std::string(name); }

void ReadFees(Reader& r, const json* list, std::string_view list_name, std::vector<Fee>& out) {
    r.List(list, Field(list_name), [&](const json& e, const std::string& p) {
        r.UnknownKeys(e, p, {kTenPhiLePhi, kMucPhi});
        Fee fee;
        r.String(Find(e, kTenPhiLePhi), p + Field(kTenPhiLePhi), true, fee.name);
        const std::string amount_field = p + Field(kMucPhi);
        const Got got = r.Integer(Find(e, kMucPhi), amount_field, fee.amount_vnd);
        if (got == Got::kAbsent) {
            r.Error(amount_field, "portal.required", amount_field + " is required");
        } else if (got == Got::kOk && fee.amount_vnd < 0) {
            r.Error(amount_field, "portal.fee.negative",
                    "a fee cannot be negative (" + std::to_string(fee.amount_vnd) + " VND)");
        }
        out.push_back(std::move(fee));
    });
}

}  // namespace

std::string Describe(const Problem& p) {
    std::string out;
    if (p.severity == Severity::kWarning) out += "warning: ";
    if (p.line > 0) out += "line " + std::to_string(p.line) + ": ";
    if (!p.field.empty()) out += p.field + ": ";
    out += p.message + " [" + p.rule + "]";
    return out;
}

std::optional<core::TimePoint> ParseTime(std::string_view s) {
    if (s.size() != 14) return std::nullopt;
    int v[6] = {};
    static constexpr int kWidth[6] = {4, 2, 2, 2, 2, 2};
    std::size_t pos = 0;
    for (int f = 0; f < 6; ++f) {
        for (int i = 0; i < kWidth[f]; ++i, ++pos) {
            const char c = s[pos];
            if (c < '0' || c > '9') return std::nullopt;
            v[f] = v[f] * 10 + (c - '0');
        }
    }
    const auto [y, mo, d, h, mi, se] = v;
    if (y < 1900 || y > 2999 || h > 23 || mi > 59 || se > 59) return std::nullopt;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return calendar::FromVietnam(sys_days{ymd}, hours{h} + minutes{mi} + seconds{se});
}

std::string FormatTime(core::TimePoint instant) {
    const calendar::LocalTime local = calendar::ToVietnam(instant);
    const year_month_day ymd{local.date};
    const hh_mm_ss hms{floor<seconds>(local.time_of_day)};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u%02d%02d%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

LineResult ParseLine(std::string_view line, int line_number) {
    LineResult result;
    Reader r(line_number, result.problems);
    if (line.size() > kMaxLineBytes) {
        r.Error("", "portal.line.too_long",
                "the line is " + std::to_string(line.size()) + " bytes long; the limit is " +
                    std::to_string(kMaxLineBytes));
        return result;
    }
    if (NestingDepth(line) > kMaxDepth) {
        r.Error("", "portal.json.too_deep",
                "objects and lists are nested more than " + std::to_string(kMaxDepth) + " deep");
        return result;
    }
    json root;
    try {
        root = json::parse(line.begin(), line.end());
    } catch (const json::exception& e) {
        // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error …": keep the part
        // after the bracketed id, which names the column. A number too large for a double is not a
        // parse_error but out_of_range.406 ("number overflow parsing '1E999'"): the same problem to the
        // user, and it must not escape (the fuzzer found it).
        std::string message = e.what();
        if (const auto close = message.find("] ");
            message.rfind("[json.exception", 0) == 0 && close != std::string::npos) {
            message.erase(0, close + 2);
        }
        r.Error("", "portal.json.syntax", "not valid JSON: " + message);
        return result;
    }
    if (!root.is_object()) {
        r.Error("", "portal.json.not_object",
                "expected one JSON object on the line, got " + std::string(KindOf(root)));
        return result;
    }

    r.UnknownKeys(root, "",
                  {kMaHoSo, kMaTTHC, kDonViXuLy, kKenhThucHien, kTrangThaiHoSo, kNgayNopHoSo, kNgayTiepNhan,
                   kNgayHenTra, kNgayKetThucXuLy, kNgayTraKetQua, kDuocThanhToanTrucTuyen, kTaiKhoanVNeID,
                   kDanhSachLePhi, kDanhSachPhiLePhi, kTaiLieuNop, kMaKetQua, kDuongDanTepTinKetQua,
                   kYeuCauBoSung, kQuaTrinhXuLy});

    PortalDossier d;
    r.String(Find(root, kMaHoSo), Field(kMaHoSo), true, d.code);
    r.String(Find(root, kMaTTHC), Field(kMaTTHC), true, d.procedure_code);
    r.String(Find(root, kDonViXuLy), Field(kDonViXuLy), true, d.unit_code);

    std::int64_t n = 0;
    if (r.Ranged(Find(root, kKenhThucHien), Field(kKenhThucHien), 1, 3, "portal.channel.unknown",
                 "a channel (1 direct, 2 online, 3 postal)", n) == Got::kOk) {
        d.channel = static_cast<Channel>(n);
    }
    r.State(Find(root, kTrangThaiHoSo), Field(kTrangThaiHoSo), true, d.state);

    std::optional<core::TimePoint> submitted;
    r.Time(Find(root, kNgayNopHoSo), Field(kNgayNopHoSo), true, submitted);
    if (submitted) d.submitted_at = *submitted;
    r.Time(Find(root, kNgayTiepNhan), Field(kNgayTiepNhan), false, d.received_at);
    r.Time(Find(root, kNgayHenTra), Field(kNgayHenTra), false, d.due_at);
    r.Time(Find(root, kNgayKetThucXuLy), Field(kNgayKetThucXuLy), false, d.processing_end_at);
    r.Time(Find(root, kNgayTraKetQua), Field(kNgayTraKetQua), false, d.returned_at);

    if (r.Ranged(Find(root, kDuocThanhToanTrucTuyen), Field(kDuocThanhToanTrucTuyen), 0, 2,
                 "portal.payment.unknown",
                 "an online-payment code (0 no, 1 national portal, 2 local gateway)", n) == Got::kOk) {
        d.online_payment = static_cast<OnlinePayment>(n);
    }
    r.Flag(Find(root, kTaiKhoanVNeID), Field(kTaiKhoanVNeID), d.vneid_verified);

    const json* fees = Find(root, kDanhSachLePhi);
    const json* fees_alias = Find(root, kDanhSachPhiLePhi);
    if (fees != nullptr && fees_alias != nullptr) {
        r.Error(Field(kDanhSachPhiLePhi), "portal.fee.twice",
                "the fee list is given twice, as DanhSachLePhi and DanhSachPhiLePhi; keep one");
    } else {
        ReadFees(r, fees != nullptr ? fees : fees_alias, fees != nullptr ? kDanhSachLePhi : kDanhSachPhiLePhi,
                 d.fees);
    }

    r.List(Find(root, kTaiLieuNop), Field(kTaiLieuNop), [&](const json& e, const std::string& p) {
        r.UnknownKeys(e, p, {kTenTepDinhKem, kDuocSoHoa, kDuocTaiSuDung, kDuocLayTuKhoDMQG});
        SubmittedFile f;
        r.String(Find(e, kTenTepDinhKem), p + Field(kTenTepDinhKem), true, f.file_name);
        r.Flag(Find(e, kDuocSoHoa), p + Field(kDuocSoHoa), f.digitised);
        r.Flag(Find(e, kDuocTaiSuDung), p + Field(kDuocTaiSuDung), f.reused);
        r.Flag(Find(e, kDuocLayTuKhoDMQG), p + Field(kDuocLayTuKhoDMQG), f.from_national_store);
        d.files.push_back(std::move(f));
    });

    r.String(Find(root, kMaKetQua), Field(kMaKetQua), false, d.result_code);
    r.String(Find(root, kDuongDanTepTinKetQua), Field(kDuongDanTepTinKetQua), false, d.result_url);

    r.List(Find(root, kYeuCauBoSung), Field(kYeuCauBoSung), [&](const json& e, const std::string& p) {
        r.UnknownKeys(e, p, {kNgayYeuCau, kNgayHoanThanh});
        SupplementRequest s;
        std::optional<core::TimePoint> requested;
        r.Time(Find(e, kNgayYeuCau), p + Field(kNgayYeuCau), true, requested);
        if (requested) s.requested_at = *requested;
        r.Time(Find(e, kNgayHoanThanh), p + Field(kNgayHoanThanh), false, s.completed_at);
        d.supplements.push_back(s);
    });

    r.List(Find(root, kQuaTrinhXuLy), Field(kQuaTrinhXuLy), [&](const json& e, const std::string& p) {
        r.UnknownKeys(e, p, {kTrangThaiHoSo, kThoiDiem, kDonVi, kNoiDung});
        HistoryEntry h;
        r.State(Find(e, kTrangThaiHoSo), p + Field(kTrangThaiHoSo), true, h.state);
        std::optional<core::TimePoint> at;
        r.Time(Find(e, kThoiDiem), p + Field(kThoiDiem), true, at);
        if (at) h.at = *at;
        r.String(Find(e, kDonVi), p + Field(kDonVi), false, h.unit);
        r.String(Find(e, kNoiDung), p + Field(kNoiDung), false, h.note);
        d.history.push_back(std::move(h));
    });

    // Rules between fields only make sense once every field has been read right.
    if (r.failed()) return result;
    for (Problem& p : CheckConsistency(d, line_number)) {
        if (p.severity == Severity::kError)
            r.Error(std::move(p.field), std::move(p.rule), std::move(p.message));
        else
            r.Warn(std::move(p.field), std::move(p.rule), std::move(p.message));
    }
    if (!r.failed()) result.dossier = std::move(d);
    return result;
}

std::vector<Problem> CheckConsistency(const PortalDossier& d, int line_number) {
    std::vector<Problem> out;
    Reader r(line_number, out);
    const auto state = static_cast<int>(d.state);
    const auto when = [](core::TimePoint t) { return FormatTime(t); };

    // Milestones happen in this order: submitted ≤ received ≤ processing end ≤ returned. Indicator 2.1
    // measures durations between them, so a milestone before an earlier one is corrupt data: an error.
    struct Milestone {
        std::string_view name;
        std::optional<core::TimePoint> at;
    };
    const Milestone milestones[] = {{kNgayNopHoSo, d.submitted_at},
                                    {kNgayTiepNhan, d.received_at},
                                    {kNgayKetThucXuLy, d.processing_end_at},
                                    {kNgayTraKetQua, d.returned_at}};
    const Milestone* previous = &milestones[0];
    for (std::size_t i = 1; i < std::size(milestones); ++i) {
        const Milestone& m = milestones[i];
        if (!m.at) continue;
        if (*m.at < *previous->at) {
            r.Error(Field(m.name), "portal.time.order",
                    std::string(m.name) + " " + when(*m.at) + " is before " + std::string(previous->name) +
                        " " + when(*previous->at));
        }
        previous = &m;
    }
    // The appointment comes after reception; an earlier one is odd but only makes the dossier late.
    if (d.due_at) {
        const Milestone& start = d.received_at ? milestones[1] : milestones[0];
        if (*d.due_at < *start.at) {
            r.Warn(Field(kNgayHenTra), "portal.time.due_early",
                   "NgayHenTra " + when(*d.due_at) + " is before " + std::string(start.name) + " " +
                       when(*start.at));
        }
    }

    // States imply milestones. Accepted and later states (not refusal 3, withdrawal 7 or stop 8, which can
    // happen before acceptance) need the reception time; 9 and 10 need the end of processing; 10 needs
    // the return time — the 766 indicators cannot be computed without them.
    const bool needs_received =
        state == 2 || state == 4 || state == 5 || state == 6 || state == 9 || state == 10;
    if (needs_received && !d.received_at) {
        r.Error(Field(kNgayTiepNhan), "portal.state.needs_time",
                "state " + std::to_string(state) + " needs NgayTiepNhan (the dossier was accepted)");
    }
    if ((state == 9 || state == 10) && !d.processing_end_at) {
        r.Error(Field(kNgayKetThucXuLy), "portal.state.needs_time",
                "state " + std::to_string(state) + " needs NgayKetThucXuLy (processing is finished)");
    }
    if (state == 10 && !d.returned_at) {
        r.Error(Field(kNgayTraKetQua), "portal.state.needs_time",
                "state 10 (result returned) needs NgayTraKetQua");
    }
    // Times the state has not reached yet: kept, but reported.
    if ((state == 1 || state == 3) && d.received_at) {
        r.Warn(Field(kNgayTiepNhan), "portal.state.time_not_reached",
               "state " + std::to_string(state) + " means not accepted, yet NgayTiepNhan is given");
    }
    if ((state == 1 || state == 2 || state == 4 || state == 5 || state == 6) && d.processing_end_at) {
        r.Warn(Field(kNgayKetThucXuLy), "portal.state.time_not_reached",
               "state " + std::to_string(state) + " means still open, yet NgayKetThucXuLy is given");
    }
    if (state != 10 && d.returned_at) {
        r.Warn(Field(kNgayTraKetQua), "portal.state.time_not_reached",
               "state " + std::to_string(state) + " is not 10 (result returned), yet NgayTraKetQua is given");
    }

    // Supplement requests: the applicant's time (completed − requested) is subtracted from the processing
    // time, so a negative one is an error.
    bool open_supplement = false;
    for (std::size_t i = 0; i < d.supplements.size(); ++i) {
        const SupplementRequest& s = d.supplements[i];
        const std::string p = Field(kYeuCauBoSung) + "[" + std::to_string(i) + "].";
        if (s.completed_at && *s.completed_at < s.requested_at) {
            r.Error(
                p + Field(kNgayHoanThanh), "portal.supplement.order",
                "NgayHoanThanh " + when(*s.completed_at) + " is before NgayYeuCau " + when(s.requested_at));
        }
        const core::TimePoint start = d.received_at.value_or(d.submitted_at);
        if (s.requested_at < start) {
            r.Warn(p + Field(kNgayYeuCau), "portal.supplement.early",
                   "NgayYeuCau " + when(s.requested_at) + " is before the dossier was " +
                       (d.received_at ? "accepted" : "submitted"));
        }
        if (!s.completed_at) {
            open_supplement = true;
            if (state == 9 || state == 10) {
                r.Warn(p + Field(kNgayHoanThanh), "portal.supplement.open",
                       "the supplement request is still open, yet the dossier is in state " +
                           std::to_string(state));
            }
        }
    }
    if (d.state == DossierState::kSupplementRequested && !open_supplement) {
        r.Warn(Field(kTrangThaiHoSo), "portal.supplement.missing",
               "state 5 (supplement requested) without an open request in YeuCauBoSung");
    }

    // History: by time, ending in the current state. Both only warnings: the order of entries is how the
    // sending system listed them, and an importer can sort.
    for (std::size_t i = 0; i < d.history.size(); ++i) {
        const std::string p = Field(kQuaTrinhXuLy) + "[" + std::to_string(i) + "].";
        if (d.history[i].at < d.submitted_at) {
            r.Warn(p + Field(kThoiDiem), "portal.history.early",
                   "ThoiDiem " + when(d.history[i].at) + " is before NgayNopHoSo " + when(d.submitted_at));
        }
        if (i > 0 && d.history[i].at < d.history[i - 1].at) {
            r.Warn(p + Field(kThoiDiem), "portal.history.order",
                   "ThoiDiem " + when(d.history[i].at) + " is before the previous entry's " +
                       when(d.history[i - 1].at));
        }
    }
    if (!d.history.empty() && d.history.back().state != d.state) {
        r.Warn(Field(kQuaTrinhXuLy), "portal.history.last_state",
               "the last entry's state " + std::to_string(static_cast<int>(d.history.back().state)) +
                   " differs from TrangThaiHoSo " + std::to_string(state));
    }

    // Paid online, but nothing to pay (indicator 3.6 leaves all-zero fee lists out).
    if (d.online_payment != OnlinePayment::kNone) {
        bool any_fee = false;
        for (const Fee& f : d.fees) any_fee = any_fee || f.amount_vnd > 0;
        if (!any_fee) {
            r.Warn(Field(kDuocThanhToanTrucTuyen), "portal.payment.no_fee",
                   "paid online, but DanhSachLePhi has no fee above 0");
        }
    }
    // An electronic result has both a code and a file link (indicators 3.3 and 4.1).
    if (d.result_code.empty() != d.result_url.empty()) {
        const std::string_view missing = d.result_code.empty() ? kMaKetQua : kDuongDanTepTinKetQua;
        r.Warn(Field(missing), "portal.result.incomplete",
               std::string(missing) +
                   " is missing; an electronic result has both MaKetQua and DuongDanTepTinKetQua");
    }
    return out;
}

std::string ToJsonLine(const PortalDossier& d) {
    nlohmann::ordered_json o;
    const auto key = [](std::string_view k) { return std::string(k); };
    const auto put_time = [&](std::string_view k, const std::optional<core::TimePoint>& t) {
        if (t) o[key(k)] = FormatTime(*t);
    };
    o[key(kMaHoSo)] = d.code;
    o[key(kMaTTHC)] = d.procedure_code;
    o[key(kDonViXuLy)] = d.unit_code;
    o[key(kKenhThucHien)] = static_cast<int>(d.channel);
    o[key(kTrangThaiHoSo)] = static_cast<int>(d.state);
    o[key(kNgayNopHoSo)] = FormatTime(d.submitted_at);
    put_time(kNgayTiepNhan, d.received_at);
    put_time(kNgayHenTra, d.due_at);
    put_time(kNgayKetThucXuLy, d.processing_end_at);
    put_time(kNgayTraKetQua, d.returned_at);
    o[key(kDuocThanhToanTrucTuyen)] = static_cast<int>(d.online_payment);
    o[key(kTaiKhoanVNeID)] = d.vneid_verified ? 1 : 0;
    if (!d.fees.empty()) {
        auto& list = o[key(kDanhSachLePhi)] = nlohmann::ordered_json::array();
        for (const Fee& f : d.fees) {
            list.push_back({{key(kTenPhiLePhi), f.name}, {key(kMucPhi), f.amount_vnd}});
        }
    }
    if (!d.files.empty()) {
        auto& list = o[key(kTaiLieuNop)] = nlohmann::ordered_json::array();
        for (const SubmittedFile& f : d.files) {
            list.push_back({{key(kTenTepDinhKem), f.file_name},
                            {key(kDuocSoHoa), f.digitised ? 1 : 0},
                            {key(kDuocTaiSuDung), f.reused ? 1 : 0},
                            {key(kDuocLayTuKhoDMQG), f.from_national_store ? 1 : 0}});
        }
    }
    if (!d.result_code.empty()) o[key(kMaKetQua)] = d.result_code;
    if (!d.result_url.empty()) o[key(kDuongDanTepTinKetQua)] = d.result_url;
    if (!d.supplements.empty()) {
        auto& list = o[key(kYeuCauBoSung)] = nlohmann::ordered_json::array();
        for (const SupplementRequest& s : d.supplements) {
            nlohmann::ordered_json e;
            e[key(kNgayYeuCau)] = FormatTime(s.requested_at);
            if (s.completed_at) e[key(kNgayHoanThanh)] = FormatTime(*s.completed_at);
            list.push_back(std::move(e));
        }
    }
    if (!d.history.empty()) {
        auto& list = o[key(kQuaTrinhXuLy)] = nlohmann::ordered_json::array();
        for (const HistoryEntry& h : d.history) {
            nlohmann::ordered_json e;
            e[key(kTrangThaiHoSo)] = static_cast<int>(h.state);
            e[key(kThoiDiem)] = FormatTime(h.at);
            if (!h.unit.empty()) e[key(kDonVi)] = h.unit;
            if (!h.note.empty()) e[key(kNoiDung)] = h.note;
            list.push_back(std::move(e));
        }
    }
    return o.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void ForEachLine(std::string_view text, const std::function<bool(const InputLine&)>& on_line) {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
    int number = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++number;
        std::size_t end = text.find('\n', pos);
        const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = next;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
        InputLine in;
        in.number = number;
        if (line.size() > kMaxLineBytes) {
            in.problem = Problem{number, "", "portal.line.too_long",
                                 "the line is " + std::to_string(line.size()) + " bytes long; the limit is " +
                                     std::to_string(kMaxLineBytes),
                                 Severity::kError};
        } else {
            in.text = line;
        }
        if (!on_line(in)) return;
    }
}

}  // namespace mocua::domain::portal
