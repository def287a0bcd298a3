// The demo's processed dossier (issue 7): one walk-in dossier taken through every part of processing by
// the demo staff, through the same services the pages use, on a clock set to the past so its times
// read like a real fortnight: reception (Mẫu 01), hand-over to the department's specialist, a
// supplement request (Mẫu 02) and its completion, an apology with extension (Mẫu 04), hand-over to the
// ward leader, the signed result, approval, return at the counter and the counter rating. Forms 02–07
// of the demo are then printable from a real history.
#include "app/seed_demo_dossier.hpp"

#include <chrono>

#include "app/calendar_stack.hpp"
#include "app/dossier_stack.hpp"
#include "app/identity_stack.hpp"
#include "core/ids.hpp"
#include "core/text/text.hpp"
#include "domain/calendar/dates.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "persistence/catalog_repository.hpp"
#include "persistence/dossier_repository.hpp"
#include "persistence/org_repository.hpp"

namespace mocua::app {

namespace {

namespace dossier = domain::dossier;
namespace calendar = domain::calendar;

constexpr const char* kProcedure = "1.004884";  // re-registration of a birth, 5 working days
constexpr const char* kApplicant = "Trần Văn Hùng";

// A one-page PDF standing for the re-issued birth extract (the real one is printed by the civil-status
// software); enough for the type check and the scan.
constexpr std::string_view kResultPdf =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

// Monday 08:00 (Vietnam) three weeks before `now`.
core::TimePoint ThreeWeeksAgoMonday(core::TimePoint now) {
    auto day = calendar::ToVietnam(now).date - std::chrono::days(21);
    while (calendar::IsoWeekday(day) != 1) day -= std::chrono::days(1);
    return calendar::FromVietnam(day, std::chrono::hours(8));
}

struct Staff {
    domain::identity::Principal principal;
    std::string name;
};

}  // namespace

core::Result<void> SeedDemoDossier(const config::Config& config, db::Database& database, SeedReport& report,
                                   std::string_view officer_email, std::string_view specialist_email,
                                   std::string_view leader_email) {
    core::SystemClock system;
    core::ManualClock clock(ThreeWeeksAgoMonday(system.Now()));
    auto identity = IdentityStack::Create(database, clock, config);
    if (!identity.ok()) return identity.error();
    auto& ids = *identity.value();
    persistence::SqlCatalogRepository catalog_repository(database, ids.hasher(), clock);
    domain::catalog::CatalogService catalog(catalog_repository, ids.hasher(), clock);
    CalendarStack calendars(database, clock, ids.units(), ids.hasher());
    auto stack = DossierStack::Create(config, {database, clock, ids.hasher(), catalog, calendars.service(), ids.units(),
                                               ids.access(), nullptr, {}});
    if (!stack.ok()) return stack.error();
    auto& intake = stack.value()->service();
    auto& processing = stack.value()->processing();

    dossier::ListFilter existing;
    existing.procedure_code = kProcedure;
    existing.folded_query = core::text::FoldForSearch(kApplicant);
    if (stack.value()->repository().List(existing).total > 0) {
        report.done.push_back("processed demo dossier: already present");
        return {};
    }

    auto person = [&](std::string_view email) -> core::Result<Staff> {
        auto account = ids.accounts().FindByEmail(email);
        if (!account.ok()) return core::Error::Internal("demo account " + std::string(email) + " is missing");
        Staff s;
        s.principal.account_id = account->id;
        s.principal.kind = account->kind;
        s.principal.grants = ids.accounts().Grants(account->id);
        s.name = account->display_name;
        return s;
    };
    auto officer = person(officer_email), specialist = person(specialist_email), leader = person(leader_email);
    if (!officer.ok()) return officer.error();
    if (!specialist.ok()) return specialist.error();
    if (!leader.ok()) return leader.error();
    const auto actor = domain::audit::Actor::CommandLine("seed-demo-" + core::NewRequestId());
    auto as = [&](const Staff& s) { return dossier::Caller{s.principal, actor, "vi", s.name}; };
    auto unit = [&](const char* code) { return ids.units().FindByCode(code, calendar::FormatDate(calendar::ToVietnam(clock.Now()).date)); };
    const auto centre = unit("19360-TTPVHCC"), ward = unit("19360"), department = unit("19360-KTHTDT");
    if (!centre || !ward || !department) return core::Error::Internal("the demo units are missing");
    auto fail = [](const char* what, const core::Error& e) {
        return core::Error::Internal(std::string("processed demo dossier, ") + what + ": " + e.message);
    };

    // Monday 08:00: a walk-in applicant at the one-stop centre.
    dossier::CounterApplication app;
    app.procedure_code = kProcedure;
    app.receiving_unit_id = centre->id;
    app.competent_unit_id = ward->id;
    app.applicant = {"citizen", kApplicant, "045088001234", "25 Trần Hưng Đạo, phường Quảng Trị", "0914222333", ""};
    app.answers = {{"applicant_name", kApplicant},
                   {"applicant_cccd", "045088001234"},
                   {"applicant_phone", "0914222333"},
                   {"applicant_address", "25 Trần Hưng Đạo, phường Quảng Trị"},
                   {"subject_name", kApplicant},
                   {"original_date", "1988-04-12"},
                   {"original_place", "UBND phường 2, thị xã Quảng Trị"},
                   {"loss_reason", "Sổ hộ tịch lưu bị hư hỏng do bão lụt năm 2020"},
                   {"result_delivery", "counter"}};
    app.components = {{1, dossier::HandedIn::kOriginal, 1, std::nullopt},
                      {2, dossier::HandedIn::kCopy, 1, std::nullopt}};
    std::vector<dossier::Problem> problems;
    auto d = intake.ReceiveAtCounter(as(*officer), app, &problems);
    if (!d.ok()) return fail("reception", problems.empty() ? d.error() : core::Error::Internal(problems.front().field + " " + problems.front().rule));
    const std::string code = d->code;
    d = intake.Accept(as(*officer), code, d->version);
    if (!d.ok()) return fail("acceptance", d.error());

    // 09:00: to the department, to the demo specialist by name.
    clock.Advance(std::chrono::hours(1));
    d = processing.HandOver(as(*officer), code, d->version, "process", department->id, specialist->principal.account_id,
                            "Chuyển Phòng Kinh tế, Hạ tầng và Đô thị thẩm định");
    if (!d.ok()) return fail("hand-over", d.error());

    // Tuesday 09:00: the copy handed in is illegible; Wednesday 10:00 the applicant brings a clear one.
    clock.Advance(std::chrono::hours(24));
    d = processing.RequestSupplement(as(*specialist), code, d->version,
                                     {{"Bản sao giấy khai sinh đã cấp", "Bản sao bị mờ, không đọc được số đăng ký"}},
                                     &problems);
    if (!d.ok()) return fail("supplement request", d.error());
    clock.Advance(std::chrono::hours(25));
    d = processing.CompleteSupplement(as(*officer), code, d->version);
    if (!d.ok()) return fail("supplement", d.error());

    // Wednesday 14:00: the old register must be checked at the provincial archive: apology and a new date
    // a week after the current due time (the same weekday).
    clock.Advance(std::chrono::hours(4));
    const auto due = core::ParseUtc(d->due_at.value_or(""));
    if (!due) return core::Error::Internal("processed demo dossier: no due time");
    d = processing.Extend(as(*leader), code, d->version, "Cần xác minh sổ đăng ký khai sinh gốc tại Kho lưu trữ tỉnh",
                          *due + std::chrono::days(7), &problems);
    if (!d.ok()) return fail("extension", d.error());

    // Thursday 09:00: reviewed, to the ward leader; Friday 10:00: the signed result, approval.
    clock.Advance(std::chrono::hours(19));
    d = processing.HandOver(as(*specialist), code, d->version, "approve", ward->id, std::nullopt,
                            "Đủ điều kiện đăng ký lại khai sinh; trình lãnh đạo phê duyệt");
    if (!d.ok()) return fail("hand-over to the leader", d.error());
    clock.Advance(std::chrono::hours(25));
    auto with_result = intake.AttachResult(as(*leader), code, d->version, {"trich-luc-khai-sinh.pdf", kResultPdf});
    std::string result_note = " with its signed result file";
    if (with_result.ok()) {
        d = with_result;
    } else {
        // Without a virus scanner (seed-demo run on its own) the result stays on paper only.
        result_note = " (result on paper: " + with_result.error().message + ")";
    }
    d = processing.Approve(as(*leader), code, d->version, "Đồng ý");
    if (!d.ok()) return fail("approval", d.error());

    // The next Monday 08:30: returned at the counter, and the applicant's rating there.
    clock.Advance(std::chrono::hours(70) + std::chrono::minutes(30));
    d = processing.ReturnResult(as(*officer), code, d->version, "counter");
    if (!d.ok()) return fail("return", d.error());
    auto rated = intake.Rate(as(*officer), code, "three_level", "very_satisfied", "counter");
    if (!rated.ok()) return fail("rating", rated.error());
    report.done.push_back("processed demo dossier " + code + ": received, two steps, a supplement, an extension, "
                          "approved and returned" + result_note);
    return {};
}

}  // namespace mocua::app
