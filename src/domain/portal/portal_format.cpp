// The national-portal format: times (ParseTime, FormatTime), problems as text (Describe), reading and
// checking one line (ParseLine) and the line splitter (ForEachLine). The rules between fields are in
// portal_consistency.cpp, writing a line in portal_write.cpp.
#include "domain/portal/portal_format.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "domain/calendar/dates.hpp"
#include "domain/portal/portal_format_internal.hpp"

namespace mocua::domain::portal {

using namespace std::chrono;
using namespace format_detail;
using nlohmann::json;

namespace {

// Our objects nest three deep (line → list → entry). Anything much deeper is not this format, and a
// limit keeps a hostile line of a million '[' from costing a million allocations.
constexpr int kMaxDepth = 64;

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
