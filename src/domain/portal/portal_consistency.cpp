// The national-portal format's rules between fields (CheckConsistency; docs/portal-format.md,
// "Consistency rules"): the order of the milestones, the times a state needs, supplement requests, the
// history, fees against online payment and the electronic result.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/portal/portal_format.hpp"
#include "domain/portal/portal_format_internal.hpp"

namespace mocua::domain::portal {

using namespace format_detail;

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

}  // namespace mocua::domain::portal
