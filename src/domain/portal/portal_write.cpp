// The national-portal format written out: one dossier as one JSON line (ToJsonLine), keys in the fixed
// order of docs/portal-format.md.
#include <nlohmann/json.hpp>
#include <string>

#include "domain/portal/portal_format.hpp"
#include "domain/portal/portal_format_internal.hpp"

namespace mocua::domain::portal {

using namespace format_detail;

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

}  // namespace mocua::domain::portal
