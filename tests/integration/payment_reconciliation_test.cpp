// The reconciliation report (PaymentService::Reconciliation over SqlPaymentRepository::FactsOfDay) on both
// engines, for a day built by hand through the service: requests paid through the gateway, in cash and
// by transfer, expired and pending, one made the evening before and paid this day, another unit's
// payment that must not appear, and notifications that disagree (a wrong amount, an unknown reference, a
// gateway payment of a request already paid at the counter). Every total is added up below by hand.
#include "domain/payments/reconciliation.hpp"
#include "integration/payment_fixture.hpp"

namespace mocua {
namespace {

namespace payments = domain::payments;
using ::mocua::testing::Installation;
using ::mocua::testing::kDossier;
using ::mocua::testing::Notification;
using ::mocua::testing::SignAsGateway;
using ::mocua::testing::TestActor;
using payments::IpnCode;
using payments::Tally;

class PaymentReconciliationTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        a_ = std::make_unique<Installation>(GetParam());
    }
    domain::audit::Actor Gateway() { return {std::nullopt, std::nullopt, "203.0.113.5", "req-ipn"}; }
    domain::audit::Actor Officer() { return {std::nullopt, a_->centre, "192.0.2.20", "req-counter"}; }

    void At(const char* utc) { a_->stack.clock.Set(*core::ParseUtc(utc)); }

    payments::PaymentRequest Make(const std::string& dossier, std::int64_t amount) {
        auto r = a_->service.Create(TestActor(), dossier, {{"Lệ phí", "Fee", amount}}, "Nguyễn Văn An",
                                    std::nullopt, "Le phi ho so " + dossier);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? *r : payments::PaymentRequest{};
    }

    // A second one-stop centre with a dossier of its own, waiting for payment.
    std::string OtherUnitDossier() {
        other_ = a_->Unit({"000.00.13.H48",
                           "Trung tâm phục vụ hành chính công phường Đông Lễ",
                           "",
                           domain::org::UnitType::kOneStopCentre,
                           std::nullopt,
                           "2025-07-01",
                           {}});
        const std::string code = "000.00.13.H48-261127-0001";
        db::Connection c = a_->stack.tdb.db().Acquire();
        long long u = other_;
        c.sql()
            << "INSERT INTO dossiers (code, procedure_code, procedure_version_id, applicant_kind, "
               "applicant_name, channel, state, receiving_unit_id, competent_unit_id, submitted_at, "
               "created_at, updated_at) SELECT :code, procedure_code, procedure_version_id, applicant_kind, "
               "applicant_name, channel, 6, :u, :u, submitted_at, created_at, updated_at FROM dossiers "
               "WHERE code = :first",
            soci::use(code, "code"), soci::use(u, "u"), soci::use(kDossier, "first");
        return code;
    }

    std::unique_ptr<Installation> a_;
    std::int64_t other_ = 0;
};

TEST_P(PaymentReconciliationTest, ADayOfOneUnitAddsUpAndShowsItsMismatches) {
    // 23:00 on the 26th in Vietnam: made the day before, paid by transfer on the 27th.
    At("2026-11-26T16:00:00.000Z");
    const auto evening = Make(kDossier, 75'000);
    At("2026-11-27T01:00:00.000Z");
    ASSERT_TRUE(
        a_->service.RecordAtCounter(Officer(), evening.id, payments::Method::kTransfer, "FT2633", "").ok());

    At("2026-11-27T02:00:00.000Z");
    const auto online = Make(kDossier, 50'000);
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(online, "00", 50'000 * 100)), Gateway()),
              IpnCode::kConfirmSuccess);
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(online, "00", 50'000 * 100)), Gateway()),
              IpnCode::kAlreadyConfirmed);  // the gateway's retry: not a mismatch
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(online, "00", 5'000 * 100)), Gateway()),
              IpnCode::kInvalidAmount);

    const std::string other_dossier = OtherUnitDossier();
    const auto other = Make(other_dossier, 80'000);
    ASSERT_TRUE(a_->service.RecordAtCounter(Officer(), other.id, payments::Method::kCash, "", "").ok());
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(other, "00", 1'000 * 100)), Gateway()),
              IpnCode::kInvalidAmount);

    At("2026-11-27T03:00:00.000Z");
    const auto cash = Make(kDossier, 120'000);
    ASSERT_TRUE(a_->service.RecordAtCounter(Officer(), cash.id, payments::Method::kCash, "", "").ok());
    // The applicant also paid it online: paid twice.
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(cash, "00", 120'000 * 100)), Gateway()),
              IpnCode::kAlreadyConfirmed);

    At("2026-11-27T04:00:00.000Z");
    const auto stale = Make(kDossier, 30'000);
    At("2026-11-27T04:20:00.000Z");
    EXPECT_EQ(a_->service.ExpireStale(), 1);

    At("2026-11-27T05:00:00.000Z");
    const auto open = Make(kDossier, 200'000);
    payments::PaymentRequest stranger = online;
    stranger.txn_ref = "MC202611279999999999";
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(stranger, "00", 10'000 * 100)), Gateway()),
              IpnCode::kOrderNotFound);

    auto report = a_->service.Reconciliation(a_->centre, "2026-11-27");
    ASSERT_TRUE(report.ok()) << report.error().message;
    const auto& r = *report;
    // Made on the 27th: 50,000 + 120,000 + 30,000 + 200,000; the other unit's 80,000 is not ours.
    EXPECT_EQ(r.expected, (Tally{4, 400'000}));
    EXPECT_EQ(r.paid_gateway, (Tally{1, 50'000}));
    EXPECT_EQ(r.paid_cash, (Tally{1, 120'000}));
    EXPECT_EQ(r.paid_transfer, (Tally{}));
    EXPECT_EQ(r.expired, (Tally{1, 30'000}));
    EXPECT_EQ(r.pending, (Tally{1, 200'000}));
    EXPECT_EQ(r.failed, (Tally{}));
    // Received on the 27th: 50,000 online, 120,000 cash, and the evening's 75,000 by transfer.
    EXPECT_EQ(r.received_gateway, (Tally{1, 50'000}));
    EXPECT_EQ(r.received_cash, (Tally{1, 120'000}));
    EXPECT_EQ(r.received_transfer, (Tally{1, 75'000}));

    std::multiset<std::string> kinds;
    for (const auto& m : r.mismatches) kinds.emplace(payments::MismatchName(m.kind));
    // The dossier (kept in state 6 by this test's dossier link) waits after three payments settled that day.
    EXPECT_EQ(kinds, (std::multiset<std::string>{"amount", "paid_twice", "unknown_request", "dossier_waiting",
                                                 "dossier_waiting", "dossier_waiting"}));
    for (const auto& m : r.mismatches) {
        if (m.kind == payments::MismatchKind::kAmount) {
            EXPECT_EQ(m.txn_ref, online.txn_ref);
            EXPECT_EQ(m.expected_vnd, 50'000);
            EXPECT_EQ(m.notified_vnd, 5'000);
        }
        if (m.kind == payments::MismatchKind::kPaidTwice) {
            EXPECT_EQ(m.txn_ref, cash.txn_ref);
        }
        if (m.kind == payments::MismatchKind::kUnknownRequest) {
            EXPECT_EQ(m.txn_ref, stranger.txn_ref);
        }
    }
    EXPECT_FALSE(r.Balanced());
    (void)stale;
    (void)open;

    // Once the dossier has moved on, those three are gone.
    {
        db::Connection c = a_->stack.tdb.db().Acquire();
        c.sql() << "UPDATE dossiers SET state = 4 WHERE code = :c", soci::use(kDossier, "c");
    }
    auto after = a_->service.Reconciliation(a_->centre, "2026-11-27");
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->mismatches.size(), 3u);

    // The other unit sees its own payment and its own wrong-amount notification, plus the unknown one.
    auto theirs = a_->service.Reconciliation(other_, "2026-11-27");
    ASSERT_TRUE(theirs.ok());
    EXPECT_EQ(theirs->expected, (Tally{1, 80'000}));
    EXPECT_EQ(theirs->received_cash, (Tally{1, 80'000}));
    EXPECT_EQ(theirs->ReceivedTotal(), (Tally{1, 80'000}));
    std::multiset<std::string> their_kinds;
    for (const auto& m : theirs->mismatches) their_kinds.emplace(payments::MismatchName(m.kind));
    EXPECT_EQ(their_kinds, (std::multiset<std::string>{"amount", "unknown_request", "dossier_waiting"}));

    // The 26th: the evening's request was made then, but its money came on the 27th.
    auto before = a_->service.Reconciliation(a_->centre, "2026-11-26");
    ASSERT_TRUE(before.ok());
    EXPECT_EQ(before->expected, (Tally{1, 75'000}));
    EXPECT_EQ(before->paid_transfer, (Tally{1, 75'000}));
    EXPECT_EQ(before->ReceivedTotal(), (Tally{}));
    EXPECT_TRUE(before->Balanced());
}

TEST_P(PaymentReconciliationTest, AnOrdinaryDayBalancesAndABadDayIsRefused) {
    const auto online = a_->NewRequest();
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(online, "00", 50'000 * 100)), Gateway()),
              IpnCode::kConfirmSuccess);
    {
        db::Connection c = a_->stack.tdb.db().Acquire();
        c.sql() << "UPDATE dossiers SET state = 4 WHERE code = :c", soci::use(kDossier, "c");
    }
    auto r = a_->service.Reconciliation(a_->centre, "2026-11-27");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->expected, (Tally{1, 50'000}));
    EXPECT_EQ(r->received_gateway, (Tally{1, 50'000}));
    EXPECT_TRUE(r->mismatches.empty());
    EXPECT_TRUE(r->Balanced());
    auto bad = a_->service.Reconciliation(a_->centre, "2026-02-30");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message, "payments.day");
}

INSTANTIATE_TEST_SUITE_P(Engines, PaymentReconciliationTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
