// Dossier intake through the real stack (app/dossier_stack.hpp: SOCI repository, clamd, file inspector,
// blob store, mails through the job-queue outbox) on both engines: an online application from its draft,
// the same in one API call with idempotency keys, codes under concurrency, reception at the counter,
// the reception decisions with their forms, optimistic locking and who may read what.
//
// The unit tree: province 48 → communes An Phú (20194) and Bình Minh (20197) → their one-stop centres
// 000.00.12.H48 and 000.00.13.H48. Times come from a ManualClock; uploads are scanned by the private
// clamd of tools/clamd.sh (MOCUA_TEST_CLAMD_SOCKET).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "adapters/pdf/pdf_renderer.hpp"
#include "app/dossier_stack.hpp"
#include "app/mail_outbox.hpp"
#include "domain/calendar/calendar_service.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/dossier/form_data.hpp"
#include "integration/dossier_stack_fixture.hpp"
#include "integration/identity_fixture.hpp"
#include "jobs/job_queue.hpp"
#include "persistence/calendar_repository.hpp"
#include "persistence/catalog_repository.hpp"
#include "persistence/dossier_repository.hpp"
#include "support/mail_support.hpp"
#include "support/pdf_tools.hpp"

namespace mocua {
namespace {

namespace dossier = domain::dossier;
namespace identity = domain::identity;
using domain::identity::AccountKind;
using domain::org::UnitType;
using dossier::Channel;
using dossier::State;
using ::mocua::testing::TestActor;
using nlohmann::json;

constexpr const char* kOnline = "1.001193";   // birth registration: online, 3 working days
constexpr const char* kOffline = "2.000815";  // certification: at the counter only

// The EICAR anti-virus test file, assembled so that this source is not flagged itself.
std::string Eicar() {
    std::string s = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
    s += "EICAR-STANDARD-ANTIVIRUS-";
    s += "TEST-FILE!$H+H*";
    return s;
}

using namespace ::mocua::testing::dossier_stack;  // NOLINT: the base fixture's names

// tests/data/catalogue/small.json cut down to two procedures: 1.001193 (online; 3 working days; component
// 1 required and reusable, component 2 optional) and 2.000815 (offline).
json Catalogue() {
    json j = SmallCatalogue({kOnline, kOffline});
    auto& online = j["procedures"][0];
    online["time_limit"] = {{"value", 3}, {"unit", "working_days"}};
    online["components"][0]["required"] = true;
    online["components"][0]["reusable"] = true;
    online["components"][1]["required"] = false;
    return j;
}

using ::mocua::testing::LocaleMessages;

// 2026-11-27 (a Friday) 09:00 in Vietnam.
const core::TimePoint kFriday9 = *core::ParseUtc("2026-11-27T02:00:00.000Z");

class DossierServiceTest : public DossierStackTest {
protected:
    void SetUp() override {
        StartStack(kFriday9, Catalogue());
        if (IsSkipped() || HasFatalFailure()) return;
        const std::optional<std::string> from = "2025-07-01";
        province_ = Unit({"48", "Tỉnh Quảng Trị", "", UnitType::kProvince, {}, from, {}});
        commune_a_ = Unit({"20194", "Phường An Phú", "", UnitType::kCommune, province_, from, {}});
        centre_a_ = Unit({"000.00.12.H48",
                          "Trung tâm phục vụ hành chính công phường An Phú",
                          "",
                          UnitType::kOneStopCentre,
                          commune_a_,
                          from,
                          {}});
        commune_b_ = Unit({"20197", "Phường Bình Minh", "", UnitType::kCommune, province_, from, {}});
        centre_b_ = Unit({"000.00.13.H48",
                          "Trung tâm phục vụ hành chính công phường Bình Minh",
                          "",
                          UnitType::kOneStopCentre,
                          commune_b_,
                          from,
                          {}});

        citizen_ = Account(AccountKind::kCitizen, "an@example.vn", "045095000123");
        other_citizen_ = Account(AccountKind::kCitizen, "binh@example.vn", "079203000456");
        officer_ = Account(AccountKind::kStaff, "officer@example.vn", {}, {{"onestop_officer", centre_a_}});
        officer2_ = Account(AccountKind::kStaff, "officer2@example.vn", {}, {{"onestop_officer", centre_a_}});
        other_officer_ =
            Account(AccountKind::kStaff, "other@example.vn", {}, {{"onestop_officer", centre_b_}});

        dossiers_ = Stack(socket_);
    }

    dossier::DossierService& service() { return dossiers_->service(); }
    db::Database& db() { return stack_->tdb.db(); }

    static dossier::Applicant An() {
        return {"citizen",           "Nguyễn Văn An", "045095000123",
                "12 Lê Lợi, An Phú", "0912345678",    "an@example.vn"};
    }
    static dossier::Answers ChildPage() {
        return {{"child_full_name", "Nguyễn Thị Hoa"},
                {"child_sex", "female"},
                {"child_birth_date", "2026-11-20"}};
    }
    static dossier::Answers DeclarantPage() {
        return {{"declarant_name", "Nguyễn Văn An"}, {"declarant_cccd", "045095000123"}};
    }

    // A draft of the citizen, complete and ready to submit, with the PDF on component 1.
    std::int64_t ReadyDraft(const Person& who) {
        auto d = service().StartDraft(As(who), kOnline, An(), {});
        EXPECT_TRUE(d.ok()) << d.error().message;
        if (!d.ok()) return 0;
        EXPECT_TRUE(service().SaveAnswers(As(who), d->id, "child", ChildPage(), nullptr).ok());
        EXPECT_TRUE(service().SaveAnswers(As(who), d->id, "declarant", DeclarantPage(), nullptr).ok());
        EXPECT_TRUE(service().SaveApplicant(As(who), d->id, An(), commune_a_, "online", nullptr).ok());
        auto attached = service().AttachFile(As(who), d->id, 1, {"tờ khai.pdf", Pdf()});
        EXPECT_TRUE(attached.ok()) << attached.error().message;
        return d->id;
    }

    // The answers of SubmitDirect: the e-form and the applicant's details.
    dossier::Answers DirectAnswers(const std::string& applicant_name = "Nguyễn Văn An") {
        dossier::Answers a = ChildPage();
        for (const auto& [k, v] : DeclarantPage()) a[k] = v;
        a["applicant.name"] = applicant_name;
        a["applicant.id_number"] = "045095000123";
        a["applicant.address"] = "12 Lê Lợi, An Phú";
        a["applicant.phone"] = "0912345678";
        a["applicant.email"] = "an@example.vn";
        a["unit"] = "20194";
        return a;
    }

    // An online dossier (state 1) of the citizen.
    dossier::Dossier Submitted(const Person& who) {
        auto out = service().SubmitDraft(As(who), ReadyDraft(who), nullptr);
        EXPECT_TRUE(out.ok()) << out.error().message;
        return out.ok() ? out->dossier : dossier::Dossier{};
    }

    dossier::CounterApplication Walkin(Channel channel = Channel::kCounter) {
        dossier::CounterApplication app;
        app.procedure_code = kOffline;
        app.channel = channel;
        app.receiving_unit_id = centre_a_;
        app.competent_unit_id = commune_a_;
        app.applicant = {"citizen", "Trần Thị Cúc", "079203000456", "5 Hùng Vương", "0987654321", ""};
        return app;
    }

    std::vector<domain::notify::Mail> QueuedMails() { return ::mocua::testing::QueuedMails(db()); }

    long long Count(const std::string& table) {
        db::Connection c = db().Acquire();
        long long n = 0;
        c.sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
        return n;
    }

    std::size_t AuditEntries(const std::string& action) {
        domain::audit::Filter f;
        f.action_prefix = action;
        f.limit = 500;
        return stack_->audit.Search(f).size();
    }

    std::int64_t province_ = 0, commune_a_ = 0, centre_a_ = 0, commune_b_ = 0, centre_b_ = 0;
    Person citizen_, other_citizen_, officer_, officer2_, other_officer_;
};

// ---- Drafts and online submission ------------------------------------------------------------------

TEST_P(DossierServiceTest, AnInvalidAnswerSavesNothingAndNamesTheField) {
    auto d = service().StartDraft(As(citizen_), kOnline, An(), {});
    ASSERT_TRUE(d.ok()) << d.error().message;
    auto answers = ChildPage();
    answers["child_sex"] = "unknown";
    std::vector<dossier::Problem> problems;
    auto saved = service().SaveAnswers(As(citizen_), d->id, "child", answers, &problems);
    ASSERT_FALSE(saved.ok());
    EXPECT_EQ(saved.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(saved.error().message, "dossier.invalid");
    EXPECT_EQ(problems, (std::vector<dossier::Problem>{{"answers.child_sex", "eform.choice"}}));
    EXPECT_TRUE(service().GetDraft(As(citizen_), d->id)->answers.empty());

    ASSERT_TRUE(service().SaveAnswers(As(citizen_), d->id, "child", ChildPage(), nullptr).ok());
    EXPECT_EQ(service().GetDraft(As(citizen_), d->id)->answers, ChildPage());
    // Another citizen cannot see or change the draft.
    EXPECT_EQ(service().GetDraft(As(other_citizen_), d->id).error().message, "dossier.draft_not_found");
    EXPECT_EQ(service().SaveAnswers(As(other_citizen_), d->id, "child", ChildPage(), nullptr).error().message,
              "dossier.draft_not_found");

    // The applicant page: a bad phone and no unit.
    problems.clear();
    auto bad = An();
    bad.phone = "12";
    auto applicant = service().SaveApplicant(As(citizen_), d->id, bad, std::nullopt, "online", &problems);
    EXPECT_EQ(applicant.error().message, "dossier.invalid");
    EXPECT_NE(std::find_if(problems.begin(), problems.end(),
                           [](const auto& p) { return p.field == "applicant.phone"; }),
              problems.end());
    EXPECT_NE(std::find(problems.begin(), problems.end(), dossier::Problem{"unit", "dossier.unit"}),
              problems.end());
    ASSERT_TRUE(service().SaveApplicant(As(citizen_), d->id, An(), commune_a_, "postal", nullptr).ok());
    EXPECT_EQ(service().GetDraft(As(citizen_), d->id)->competent_unit_id, commune_a_);
    EXPECT_EQ(service().GetDraft(As(citizen_), d->id)->result_delivery, "postal");
}

TEST_P(DossierServiceTest, UploadsAreCheckedByTheirBytesAndScanned) {
    auto d = service().StartDraft(As(citizen_), kOnline, An(), {});
    ASSERT_TRUE(d.ok());
    const auto attach = [&](const std::string& name, std::string_view bytes) {
        return service().AttachFile(As(citizen_), d->id, 1, {name, bytes});
    };
    auto pdf = attach("tờ khai.pdf", Pdf());
    ASSERT_TRUE(pdf.ok()) << pdf.error().message;
    ASSERT_NE(pdf->FileAt(1), nullptr);
    EXPECT_EQ(pdf->FileAt(1)->file.media_type, "application/pdf");
    EXPECT_EQ(pdf->FileAt(1)->file.size, static_cast<std::int64_t>(Pdf().size()));
    EXPECT_EQ(pdf->FileAt(1)->file.name, "tờ khai.pdf");

    const std::string html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";
    EXPECT_EQ(attach("x.pdf", html).error().message, "upload.type");
    EXPECT_EQ(attach("x.pdf", "").error().message, "upload.empty");
    auto big = attach("big.pdf", Pdf() + std::string(1024 * 1024, ' '));
    EXPECT_EQ(big.error().code, core::ErrorCode::kPayloadTooLarge);
    EXPECT_EQ(big.error().message, "upload.too_large");
    EXPECT_EQ(attach("x.pdf", Pdf()).ok(), true);
    EXPECT_EQ(service().AttachFile(As(citizen_), d->id, 3, {"x.pdf", Pdf()}).error().message,
              "dossier.component");

    // EICAR inside a real PDF: the type is right, the scanner finds it, the attempt is audited.
    const std::string infected_pdf = "%PDF-1.4\n% " + Eicar() + "\n" + Pdf().substr(Pdf().find('\n') + 1);
    auto infected = attach("x.pdf", infected_pdf);
    ASSERT_FALSE(infected.ok());
    EXPECT_EQ(infected.error().message, "upload.infected");
    domain::audit::Filter f;
    f.action_prefix = "dossier.upload.infected";
    const auto entries = stack_->audit.Search(f);
    ASSERT_EQ(entries.size(), 1u);
    // The draft still holds the clean file.
    EXPECT_EQ(service().GetDraft(As(citizen_), d->id)->FileAt(1)->file.size,
              static_cast<std::int64_t>(Pdf().size()));

    // A scanner that cannot be reached refuses the upload (fail closed).
    auto no_scanner = Stack(stack_->tdb.dir() + "/no-such-clamd.sock");
    ASSERT_NE(no_scanner, nullptr);
    auto refused = no_scanner->service().AttachFile(As(citizen_), d->id, 1, {"x.pdf", Pdf()});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, core::ErrorCode::kUnavailable);
    EXPECT_EQ(refused.error().message, "upload.scanner_unavailable");
}

TEST_P(DossierServiceTest, SubmittingADraftCreatesTheDossierWithItsCodeMailAndDataStoreItem) {
    const auto draft = ReadyDraft(citizen_);
    // 17:00:05 UTC on the 26th is 00:00:05 on the 27th in Vietnam: the code carries the 27th.
    stack_->clock.Set(*core::ParseUtc("2026-11-26T17:00:05.000Z"));
    std::vector<dossier::Problem> problems;
    auto out = service().SubmitDraft(As(citizen_), draft, &problems);
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_TRUE(problems.empty());
    EXPECT_TRUE(out->created);
    const auto& d = out->dossier;
    EXPECT_EQ(d.code, "000.00.12.H48-261127-0001");
    EXPECT_EQ(d.state, State::kNew);
    EXPECT_EQ(d.channel, Channel::kOnline);
    EXPECT_EQ(d.receiving_unit_id, centre_a_);
    EXPECT_EQ(d.competent_unit_id, commune_a_);

    auto stored = service().Get(As(citizen_), d.code);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_EQ(stored->state, State::kNew);
    EXPECT_EQ(stored->channel, Channel::kOnline);
    EXPECT_EQ(stored->applicant, An());
    EXPECT_EQ(stored->answers.at("child_full_name"), "Nguyễn Thị Hoa");
    EXPECT_EQ(stored->submitted_at, "2026-11-26T17:00:05.000Z");
    ASSERT_EQ(stored->components.size(), 2u);
    ASSERT_TRUE(stored->components[0].file.has_value());
    EXPECT_EQ(stored->components[0].file->media_type, "application/pdf");
    EXPECT_EQ(stored->components[0].file->size, static_cast<std::int64_t>(Pdf().size()));
    EXPECT_FALSE(stored->components[1].file.has_value());
    ASSERT_EQ(stored->history.size(), 1u);
    EXPECT_EQ(stored->history[0].action, "submit");
    EXPECT_EQ(stored->history[0].to, State::kNew);
    EXPECT_FALSE(stored->history[0].from.has_value());
    auto file = service().ComponentFile(As(citizen_), d.code, 1);
    ASSERT_TRUE(file.ok()) << file.error().message;
    EXPECT_EQ(file->bytes, Pdf());

    const auto mails = QueuedMails();
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].to, "an@example.vn");
    EXPECT_NE(mails[0].subject.find(d.code), std::string::npos);
    EXPECT_NE(mails[0].text.find("https://dvc.example.vn/dossiers/" + d.code), std::string::npos);

    // Component 1 is reusable: the applicant's data store now holds it.
    const auto items = service().StoreItems(As(citizen_));
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].file.sha256, stored->components[0].file->sha256);
    EXPECT_EQ(items[0].source_dossier_code, d.code);
    EXPECT_TRUE(service().StoreItems(As(other_citizen_)).empty());

    // Submitting again answers with the same dossier; the draft is closed.
    auto again = service().SubmitDraft(As(citizen_), draft, nullptr);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->created);
    EXPECT_EQ(again->dossier.id, d.id);
    EXPECT_EQ(Count("dossiers"), 1);
    EXPECT_EQ(QueuedMails().size(), 1u);
    EXPECT_EQ(service().SaveAnswers(As(citizen_), draft, "child", ChildPage(), nullptr).error().message,
              "dossier.state");
    EXPECT_TRUE(service().OpenDrafts(As(citizen_)).empty());
    EXPECT_TRUE(stack_->audit.Verify().intact());
}

TEST_P(DossierServiceTest, AnIncompleteDraftListsWhatIsMissing) {
    auto d = service().StartDraft(As(citizen_), kOnline, An(), {});
    ASSERT_TRUE(d.ok());
    std::vector<dossier::Problem> problems;
    auto out = service().SubmitDraft(As(citizen_), d->id, &problems);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().message, "dossier.invalid");
    const auto has = [&](const dossier::Problem& p) {
        return std::find(problems.begin(), problems.end(), p) != problems.end();
    };
    EXPECT_TRUE(has({"answers.child_full_name", "eform.required"}));
    EXPECT_TRUE(has({"unit", "dossier.unit"}));
    EXPECT_TRUE(has({"component.1", "component.required"}));
    EXPECT_FALSE(has({"component.2", "component.required"}));
    EXPECT_EQ(Count("dossiers"), 0);
    // Offline procedures cannot be started online.
    EXPECT_EQ(service().StartDraft(As(citizen_), kOffline, An(), {}).error().message, "dossier.not_online");
}

TEST_P(DossierServiceTest, TwoSubmitsOfOneDraftAtOnceMakeOneDossier) {
    const auto draft = ReadyDraft(citizen_);
    std::optional<core::Result<dossier::SubmitOutcome>> first, second;
    {
        std::jthread a([&] { first = service().SubmitDraft(As(citizen_), draft, nullptr); });
        std::jthread b([&] { second = service().SubmitDraft(As(citizen_), draft, nullptr); });
    }
    ASSERT_TRUE(first->ok()) << first->error().message;
    ASSERT_TRUE(second->ok()) << second->error().message;
    EXPECT_EQ((*first)->dossier.code, (*second)->dossier.code);
    EXPECT_NE((*first)->created, (*second)->created);
    EXPECT_EQ(Count("dossiers"), 1);
    EXPECT_EQ(QueuedMails().size(), 1u);
}

// ---- One call (API) ----------------------------------------------------------------------------------

TEST_P(DossierServiceTest, SubmitDirectIsIdempotentByKey) {
    const std::vector<std::pair<int, dossier::Upload>> uploads = {{1, {"a.pdf", Pdf()}}};
    auto first = service().SubmitDirect(As(citizen_), kOnline, DirectAnswers(), uploads, "key-1", nullptr);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_TRUE(first->created);
    EXPECT_EQ(first->dossier.code, "000.00.12.H48-261127-0001");
    EXPECT_EQ(first->dossier.channel, Channel::kOnline);

    auto repeat = service().SubmitDirect(As(citizen_), kOnline, DirectAnswers(), uploads, "key-1", nullptr);
    ASSERT_TRUE(repeat.ok()) << repeat.error().message;
    EXPECT_FALSE(repeat->created);
    EXPECT_EQ(repeat->dossier.id, first->dossier.id);

    auto other = service().SubmitDirect(As(citizen_), kOnline, DirectAnswers("Nguyễn Văn Ba"), uploads,
                                        "key-1", nullptr);
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(other.error().message, "dossier.idempotency_mismatch");
    // Keys belong to an account: another citizen may use the same key.
    auto theirs =
        service().SubmitDirect(As(other_citizen_), kOnline, DirectAnswers(), uploads, "key-1", nullptr);
    ASSERT_TRUE(theirs.ok()) << theirs.error().message;
    EXPECT_TRUE(theirs->created);
    EXPECT_EQ(theirs->dossier.code, "000.00.12.H48-261127-0002");
    EXPECT_EQ(Count("dossiers"), 2);

    // A missing required file is a problem of the request, not a dossier.
    std::vector<dossier::Problem> problems;
    auto without = service().SubmitDirect(As(citizen_), kOnline, DirectAnswers(), {}, "key-2", &problems);
    EXPECT_EQ(without.error().message, "dossier.invalid");
    EXPECT_NE(
        std::find(problems.begin(), problems.end(), dossier::Problem{"component.1", "component.required"}),
        problems.end());
}

TEST_P(DossierServiceTest, SixteenConcurrentSubmissionsGetSixteenConsecutiveCodes) {
    constexpr int kThreads = 16;
    std::vector<std::optional<core::Result<dossier::SubmitOutcome>>> results(kThreads);
    {
        std::vector<std::jthread> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads.emplace_back([&, i] {
                results[static_cast<std::size_t>(i)] =
                    service().SubmitDirect(As(citizen_), kOnline, DirectAnswers(), {{1, {"a.pdf", Pdf()}}},
                                           "concurrent-" + std::to_string(i), nullptr);
            });
        }
    }
    std::set<std::string> codes;
    for (const auto& r : results) {
        ASSERT_TRUE(r->ok()) << r->error().message;
        EXPECT_TRUE((*r)->created);
        codes.insert((*r)->dossier.code);
    }
    std::set<std::string> expected;
    for (int i = 1; i <= kThreads; ++i) {
        expected.insert("000.00.12.H48-261127-" + std::string(i < 10 ? "000" : "00") + std::to_string(i));
    }
    EXPECT_EQ(codes, expected);
    EXPECT_EQ(Count("dossiers"), kThreads);
}

TEST_P(DossierServiceTest, AUnitsOwnCodePatternAppliesFromItsDate) {
    dossiers_->repository().PutCodePattern(
        centre_a_, "2026-11-30", "HS-{YYYY}{MM}{DD}-{NNNNN}",
        {domain::audit::Actor::CommandLine("test"), "dossier.code_pattern.set", "unit",
         std::to_string(centre_a_), ""});
    EXPECT_EQ(Submitted(citizen_).code, "000.00.12.H48-261127-0001");
    stack_->clock.Set(*core::ParseUtc("2026-11-30T01:00:00.000Z"));  // Monday 08:00 in Vietnam
    EXPECT_EQ(Submitted(citizen_).code, "HS-20261130-00001");
    EXPECT_EQ(Submitted(citizen_).code, "HS-20261130-00002");
    // Other units keep the default.
    auto at_b = service().ReceiveAtCounter(
        As(other_officer_, "Lê Văn Đức"),
        [&] {
            auto a = Walkin();
            a.receiving_unit_id = centre_b_;
            a.competent_unit_id = commune_b_;
            return a;
        }(),
        nullptr);
    ASSERT_TRUE(at_b.ok()) << at_b.error().message;
    EXPECT_EQ(at_b->code, "000.00.13.H48-261130-0001");
}

// ---- Counter ---------------------------------------------------------------------------------------------

TEST_P(DossierServiceTest, ReceptionAtTheCounterNeedsTheOfficerOfTheReceivingUnit) {
    auto app = Walkin();
    app.competent_unit_id = commune_b_;  // another commune of the province: the centre receives for it
    app.sets = 2;
    app.result_delivery = "postal";
    app.components = {{1, dossier::HandedIn::kOriginal, 1, dossier::Upload{"scan.pdf", Pdf()}},
                      {2, dossier::HandedIn::kCertifiedCopy, 2, std::nullopt}};

    auto forbidden = service().ReceiveAtCounter(As(other_officer_), app, nullptr);
    ASSERT_FALSE(forbidden.ok());
    EXPECT_EQ(forbidden.error().code, core::ErrorCode::kForbidden);
    EXPECT_EQ(forbidden.error().message, "dossier.forbidden");
    EXPECT_EQ(service().ReceiveAtCounter(As(citizen_), app, nullptr).error().message, "dossier.forbidden");
    EXPECT_EQ(Count("dossiers"), 0);

    auto received = service().ReceiveAtCounter(As(officer_, "Lê Thị Bình"), app, nullptr);
    ASSERT_TRUE(received.ok()) << received.error().message;
    auto d = service().Get(As(officer_), received->code);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->code, "000.00.12.H48-261127-0001");
    EXPECT_EQ(d->state, State::kNew);
    EXPECT_EQ(d->channel, Channel::kCounter);
    EXPECT_EQ(d->receiving_unit_id, centre_a_);
    EXPECT_EQ(d->competent_unit_id, commune_b_);
    EXPECT_FALSE(d->applicant_account_id.has_value());
    EXPECT_EQ(d->sets, 2);
    EXPECT_EQ(d->result_delivery, "postal");
    ASSERT_EQ(d->components.size(), 2u);
    EXPECT_EQ(d->components[0].handed_in, dossier::HandedIn::kOriginal);
    EXPECT_TRUE(d->components[0].digitised);
    ASSERT_TRUE(d->components[0].file.has_value());
    EXPECT_EQ(d->components[0].file->media_type, "application/pdf");
    EXPECT_EQ(d->components[1].handed_in, dossier::HandedIn::kCertifiedCopy);
    EXPECT_EQ(d->components[1].quantity, 2);
    EXPECT_FALSE(d->components[1].digitised);
    EXPECT_FALSE(d->components[1].file.has_value());
    ASSERT_EQ(d->history.size(), 1u);
    EXPECT_EQ(d->history[0].action, "receive");
    EXPECT_EQ(d->history[0].actor_account_id, officer_.id);
    EXPECT_EQ(AuditEntries("dossier.receive"), 1u);

    auto postal = service().ReceiveAtCounter(As(officer_), Walkin(Channel::kPostal), nullptr);
    ASSERT_TRUE(postal.ok()) << postal.error().message;
    EXPECT_EQ(postal->channel, Channel::kPostal);
    EXPECT_EQ(postal->code, "000.00.12.H48-261127-0002");
    EXPECT_EQ(service().Get(As(officer_), postal->code)->channel, Channel::kPostal);

    std::vector<dossier::Problem> problems;
    EXPECT_EQ(service().ReceiveAtCounter(As(officer_), Walkin(Channel::kOnline), &problems).error().message,
              "dossier.invalid");
    EXPECT_EQ(problems, (std::vector<dossier::Problem>{{"channel", "dossier.channel"}}));
}

// ---- Reception decisions
// -------------------------------------------------------------------------------------

TEST_P(DossierServiceTest, AcceptingIssuesTheReceiptWithTheWorkingDayAppointment) {
    const auto submitted = Submitted(citizen_);
    // Received Friday 2026-11-27 09:00 (Vietnam) with 3 working days: Monday 30, Tuesday 1 and Wednesday 2
    // December are the three days (Saturday and Sunday are closed, no holiday falls there); with the same
    // office hours each day the appointment is Wednesday 2026-12-02 at 09:00 in Vietnam, 02:00 UTC.
    auto accepted = service().Accept(As(officer_, "Lê Thị Bình"), submitted.code, submitted.version);
    ASSERT_TRUE(accepted.ok()) << accepted.error().message;
    auto d = service().Get(As(citizen_), submitted.code);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->state, State::kReceived);
    EXPECT_EQ(d->received_at, "2026-11-27T02:00:00.000Z");
    EXPECT_EQ(d->appointment_at, "2026-12-02T02:00:00.000Z");
    EXPECT_EQ(d->received_by, officer_.id);
    EXPECT_EQ(d->version, submitted.version + 1);
    ASSERT_EQ(d->history.size(), 2u);
    EXPECT_EQ(d->history[1].action, "accept");
    EXPECT_EQ(d->history[1].from, State::kNew);
    EXPECT_EQ(d->history[1].to, State::kReceived);
    const auto* form = d->Form("01");
    ASSERT_NE(form, nullptr);
    auto receipt = dossier::ReceiptFromJson(form->data);
    ASSERT_TRUE(receipt.ok());
    EXPECT_EQ(receipt->dossier_code, submitted.code);
    EXPECT_EQ(receipt->appointment_at.day, 2);
    EXPECT_EQ(receipt->appointment_at.month, 12);
    EXPECT_EQ(receipt->appointment_at.hour, 9);
    EXPECT_EQ(receipt->legal_time_limit, "03 ngày làm việc");
    EXPECT_EQ(receipt->receiver_name, "Lê Thị Bình");

    const auto mails = QueuedMails();
    ASSERT_EQ(mails.size(), 2u);  // submitted, accepted
    EXPECT_EQ(mails[1].to, "an@example.vn");
    EXPECT_NE(mails[1].text.find("09 giờ 00 phút, ngày 02 tháng 12 năm 2026"), std::string::npos)
        << mails[1].text;

    // The PDF prints the code and applicant; its QR carries the code and the appointment.
    if (const auto missing = ::mocua::testing::MissingPdfTool(); !missing.empty()) {
        GTEST_SKIP() << missing << " is not installed (make deps)";
    }
    adapters::pdf::PdfDocumentRenderer renderer;
    auto pdf = dossier::RenderIssuedForm(renderer, "01", form->data);
    ASSERT_TRUE(pdf.ok()) << pdf.error().message;
    const std::string path = stack_->tdb.dir() + "/receipt.pdf";
    std::ofstream(path, std::ios::binary) << *pdf;
    const std::string text = ::mocua::testing::PdfText(path);
    EXPECT_NE(text.find(submitted.code), std::string::npos) << text;
    EXPECT_NE(text.find("Nguyễn Văn An"), std::string::npos) << text;
    const json qr = json::parse(::mocua::testing::DecodeTopLeftQr(path, stack_->tdb.dir() + "/receipt-qr"));
    EXPECT_EQ(qr.at("dossier"), submitted.code);
    EXPECT_EQ(qr.at("appointment"), "2026-12-02T09:00+07:00");
}

TEST_P(DossierServiceTest, RefusalAndSupplementRequestIssueTheirForms) {
    const auto refused_one = Submitted(citizen_);
    std::vector<dossier::Problem> problems;
    auto empty =
        service().Refuse(As(officer_), refused_one.code, refused_one.version, {"", "   "}, &problems);
    EXPECT_EQ(empty.error().message, "dossier.invalid");
    EXPECT_EQ(problems, (std::vector<dossier::Problem>{{"reasons", "dossier.reasons_required"}}));
    auto refused = service().Refuse(As(officer_, "Lê Thị Bình"), refused_one.code, refused_one.version,
                                    {"Không thuộc thẩm quyền giải quyết của phường"}, nullptr);
    ASSERT_TRUE(refused.ok()) << refused.error().message;
    auto r = service().Get(As(citizen_), refused_one.code);
    EXPECT_EQ(r->state, State::kRefused);
    ASSERT_NE(r->Form("03"), nullptr);
    auto notice = dossier::RefusalFromJson(r->Form("03")->data);
    ASSERT_TRUE(notice.ok());
    EXPECT_EQ(notice->reasons, (std::vector<std::string>{"Không thuộc thẩm quyền giải quyết của phường"}));
    EXPECT_EQ(notice->common.dossier_code, refused_one.code);
    EXPECT_EQ(r->history.back().action, "refuse");

    const auto incomplete = Submitted(citizen_);
    problems.clear();
    EXPECT_EQ(service()
                  .RequestSupplement(As(officer_), incomplete.code, incomplete.version, {{"", ""}}, &problems)
                  .error()
                  .message,
              "dossier.invalid");
    EXPECT_EQ(problems, (std::vector<dossier::Problem>{{"items", "dossier.items_required"}}));
    auto asked = service().RequestSupplement(As(officer_, "Lê Thị Bình"), incomplete.code, incomplete.version,
                                             {{"Giấy chứng sinh", "Bản chụp không đọc được"}}, nullptr);
    ASSERT_TRUE(asked.ok()) << asked.error().message;
    auto s = service().Get(As(citizen_), incomplete.code);
    EXPECT_EQ(s->state, State::kSupplementRequested);
    ASSERT_NE(s->Form("02"), nullptr);
    auto request = dossier::SupplementFromJson(s->Form("02")->data);
    ASSERT_TRUE(request.ok());
    ASSERT_EQ(request->items.size(), 1u);
    EXPECT_EQ(request->items[0].what, "Giấy chứng sinh");
    EXPECT_EQ(request->items[0].reason, "Bản chụp không đọc được");

    // Each decision mailed the applicant: 2 submissions, a refusal and a supplement request.
    EXPECT_EQ(QueuedMails().size(), 4u);
    // A refused dossier cannot be accepted.
    auto late = service().Accept(As(officer_), refused_one.code, r->version);
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(late.error().message, "dossier.state");
}

TEST_P(DossierServiceTest, TwoOfficersAcceptingTheSameVersionOneWins) {
    const auto d = Submitted(citizen_);
    std::optional<core::Result<dossier::Dossier>> first, second;
    {
        std::jthread a([&] { first = service().Accept(As(officer_), d.code, d.version); });
        std::jthread b([&] { second = service().Accept(As(officer2_), d.code, d.version); });
    }
    ASSERT_NE(first->ok(), second->ok());
    const auto& loser = first->ok() ? *second : *first;
    const auto& winner = first->ok() ? *first : *second;
    EXPECT_EQ(loser.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(loser.error().message, "dossier.changed");
    auto stored = service().Get(As(officer_), d.code);
    EXPECT_EQ(stored->state, State::kReceived);
    EXPECT_EQ(stored->version, d.version + 1);
    EXPECT_EQ(stored->received_by, winner->received_by);
    EXPECT_EQ(stored->history.size(), 2u);
    EXPECT_EQ(stored->forms.size(), 1u);
    // The version the officer saw is stale now, whatever they try.
    EXPECT_EQ(service().Refuse(As(officer_), d.code, d.version, {"x"}, nullptr).error().message,
              "dossier.changed");
    // Another unit's officer cannot even see it.
    EXPECT_EQ(service().Accept(As(other_officer_), d.code, stored->version).error().message,
              "dossier.not_found");
}

// ---- Reading
// ------------------------------------------------------------------------------------------------

TEST_P(DossierServiceTest, OnlyTheOwnerAndStaffOfItsUnitsReadADossier) {
    const auto d = Submitted(citizen_);
    EXPECT_TRUE(service().Get(As(citizen_), d.code).ok());
    EXPECT_EQ(service().Get(As(other_citizen_), d.code).error().message, "dossier.not_found");
    EXPECT_TRUE(service().Get(As(officer_), d.code).ok());
    EXPECT_EQ(service().Get(As(other_officer_), d.code).error().message, "dossier.not_found");
    EXPECT_EQ(service().Get(As(citizen_), "000.00.12.H48-261127-9999").error().message, "dossier.not_found");
    EXPECT_EQ(service().Get(As(citizen_), "x' OR 1=1 --").error().message, "dossier.not_found");
    EXPECT_EQ(service().ComponentFile(As(other_citizen_), d.code, 1).error().message, "dossier.not_found");
    EXPECT_EQ(service().FormOf(As(citizen_), d.code, "01").error().message, "dossier.form_not_found");
    EXPECT_EQ(service().Mine(As(citizen_), 1, 20).total, 1);
    EXPECT_EQ(service().Mine(As(other_citizen_), 1, 20).total, 0);
}

TEST_P(DossierServiceTest, StaffListsFilterByStateChannelAndFoldedText) {
    const auto online = Submitted(citizen_);                                    // Nguyễn Văn An
    auto walkin = service().ReceiveAtCounter(As(officer_), Walkin(), nullptr);  // Trần Thị Cúc
    ASSERT_TRUE(walkin.ok());
    auto postal = service().ReceiveAtCounter(As(officer_), Walkin(Channel::kPostal), nullptr);
    ASSERT_TRUE(postal.ok());
    ASSERT_TRUE(service().Accept(As(officer_), walkin->code, walkin->version).ok());

    const auto codes = [&](const Person& who, dossier::ListFilter f) {
        auto page = service().List(As(who), std::move(f));
        EXPECT_TRUE(page.ok()) << page.error().message;
        std::set<std::string> out;
        if (page.ok())
            for (const auto& i : page->items) out.insert(i.code);
        return out;
    };
    EXPECT_EQ(codes(officer_, {}), (std::set<std::string>{online.code, walkin->code, postal->code}));
    dossier::ListFilter f;
    f.states = {State::kNew};
    EXPECT_EQ(codes(officer_, f), (std::set<std::string>{online.code, postal->code}));
    f = {};
    f.channel = Channel::kPostal;
    EXPECT_EQ(codes(officer_, f), (std::set<std::string>{postal->code}));
    f = {};
    f.folded_query = "nguyen";
    EXPECT_EQ(codes(officer_, f), (std::set<std::string>{online.code}));
    f.folded_query = "NGUYỄN văn";
    EXPECT_EQ(codes(officer_, f), (std::set<std::string>{online.code}));
    f.folded_query = "tran thi cuc";
    EXPECT_EQ(codes(officer_, f), (std::set<std::string>{walkin->code, postal->code}));
    f = {};
    f.folded_query = postal->code;
    EXPECT_EQ(codes(officer_, f), (std::set<std::string>{postal->code}));
    // Another unit's officer sees none of them; citizens may not list.
    EXPECT_TRUE(codes(other_officer_, {}).empty());
    EXPECT_EQ(service().List(As(citizen_), {}).error().message, "dossier.forbidden");
}

INSTANTIATE_TEST_SUITE_P(Engines, DossierServiceTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
