// Payments (domain/payments/payment_service.hpp) with the SOCI repository and the libsodium signer on both
// engines: a request for a dossier, the signed payment URL, notifications (paid, failed, cancelled,
// duplicate, tampered, wrong amount, unknown reference, another merchant), many notifications at once
// settling a request exactly once, counter payments and expiry. Notifications are signed here with
// OpenSSL's HMAC over the canonical string, independently of the signer under test.
//
// The unit tree: province 48 → Phường An Phú → its one-stop centre 000.00.12.H48; the catalogue is
// tests/data/catalogue/small.json; one dossier of procedure 1.004227 (fee 50,000 VND) is inserted as
// intake would.
#include <atomic>
#include <thread>

#include "integration/payment_fixture.hpp"

namespace mocua {
namespace {

namespace payments = domain::payments;
using ::mocua::testing::Installation;
using ::mocua::testing::kDossier;
using ::mocua::testing::kMerchant;
using ::mocua::testing::Notification;
using ::mocua::testing::SignAsGateway;
using ::mocua::testing::TestActor;
using payments::IpnCode;
using payments::Params;

class PaymentServiceTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        a_ = std::make_unique<Installation>(GetParam());
    }
    domain::audit::Actor Gateway() { return {std::nullopt, std::nullopt, "203.0.113.5", "req-ipn"}; }
    std::unique_ptr<Installation> a_;
};

TEST_P(PaymentServiceTest, CreatesAPendingRequestWithAUniqueReferenceAndTheFees) {
    auto r = a_->NewRequest();
    EXPECT_EQ(r.amount_vnd, 50000);
    EXPECT_EQ(r.state, payments::State::kPending);
    EXPECT_EQ(r.dossier_code, kDossier);
    EXPECT_EQ(r.unit_id, a_->centre);
    EXPECT_EQ(r.created_at, "2026-11-27T02:00:00.000Z");
    EXPECT_EQ(r.expires_at, "2026-11-27T02:15:00.000Z");
    ASSERT_EQ(r.txn_ref.size(), 20u);
    EXPECT_EQ(r.txn_ref.substr(0, 10), "MC20261127");
    auto second = a_->NewRequest();
    EXPECT_NE(second.txn_ref, r.txn_ref);
    EXPECT_EQ(a_->service.ListForDossier(kDossier).size(), 2u);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.request'"), 2);
}

TEST_P(PaymentServiceTest, RefusesNothingToPayAndUnknownDossiers) {
    auto zero = a_->service.Create(TestActor(), kDossier, {{"Lệ phí", "Fee", 0}}, "A", std::nullopt, "x");
    ASSERT_FALSE(zero.ok());
    EXPECT_EQ(zero.error().message, "payments.amount");
    auto negative = a_->service.Create(TestActor(), kDossier, {{"a", "a", 10000}, {"b", "b", -5000}}, "A",
                                       std::nullopt, "x");
    ASSERT_FALSE(negative.ok());
    EXPECT_EQ(negative.error().message, "payments.amount");
    auto unknown = a_->service.Create(TestActor(), "NO-SUCH", {{"a", "a", 1000}}, "A", std::nullopt, "x");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM payment_requests"), 0);
}

TEST_P(PaymentServiceTest, PaymentUrlCarriesTheSignedFieldsInGatewayTime) {
    auto r = a_->NewRequest();
    const std::string url = a_->service.PaymentUrl(r, "198.51.100.7", "vi");
    ASSERT_EQ(url.rfind("http://127.0.0.1:9/pay?", 0), 0u) << url;
    auto params = payments::ParseQuery(url.substr(url.find('?') + 1));
    ASSERT_TRUE(params.has_value());
    EXPECT_EQ(payments::Find(*params, "vnp_Amount"), std::optional<std::string>("5000000"));
    EXPECT_EQ(payments::Find(*params, "vnp_TmnCode"), std::optional<std::string>(kMerchant));
    EXPECT_EQ(payments::Find(*params, "vnp_TxnRef"), std::optional<std::string>(r.txn_ref));
    EXPECT_EQ(payments::Find(*params, "vnp_IpAddr"), std::optional<std::string>("198.51.100.7"));
    // 02:00 UTC is 09:00 in Vietnam; the request expires 15 minutes later.
    EXPECT_EQ(payments::Find(*params, "vnp_CreateDate"), std::optional<std::string>("20261127090000"));
    EXPECT_EQ(payments::Find(*params, "vnp_ExpireDate"), std::optional<std::string>("20261127091500"));
    EXPECT_EQ(payments::Find(*params, "vnp_Locale"), std::optional<std::string>("vn"));
    // The signature is the gateway's HMAC over the other fields.
    std::map<std::string, std::string> fields;
    for (const auto& [k, v] : *params)
        if (k != "vnp_SecureHash") fields[k] = v;
    EXPECT_EQ(payments::Find(*params, "vnp_SecureHash"),
              payments::Find(SignAsGateway(fields), "vnp_SecureHash"));
}

TEST_P(PaymentServiceTest, ASuccessfulNotificationPaysOnceAndFlagsTheDossier) {
    auto r = a_->NewRequest();
    auto note = SignAsGateway(Notification(r, "00", 5000000));
    EXPECT_EQ(a_->service.HandleIpn(note, Gateway()), IpnCode::kConfirmSuccess);
    auto paid = a_->service.FindById(r.id);
    ASSERT_TRUE(paid.has_value());
    EXPECT_EQ(paid->state, payments::State::kPaid);
    EXPECT_EQ(paid->method, payments::Method::kGateway);
    EXPECT_EQ(paid->gateway_transaction_no, "14980726");
    EXPECT_EQ(paid->bank_code, "NCB");
    EXPECT_EQ(paid->settled_at, "2026-11-27T02:00:00.000Z");
    EXPECT_EQ(a_->OnlineFlag(), 2);  // DuocThanhToanTrucTuyen: paid through the local gateway
    ASSERT_EQ(a_->link.settled.size(), 1u);
    EXPECT_EQ(a_->link.settled[0], std::make_pair(kDossier, r.txn_ref));
    // The same notification again: already confirmed, nothing changes.
    EXPECT_EQ(a_->service.HandleIpn(note, Gateway()), IpnCode::kAlreadyConfirmed);
    EXPECT_EQ(a_->link.settled.size(), 1u);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.paid'"), 1);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM payment_notifications"), 2);
    // A late failure notification for the paid request changes nothing either.
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(r, "51", 5000000)), Gateway()),
              IpnCode::kAlreadyConfirmed);
    EXPECT_EQ(a_->service.FindById(r.id)->state, payments::State::kPaid);
}

TEST_P(PaymentServiceTest, FailureAndCancelSettleWithoutPaying) {
    auto failed = a_->NewRequest();
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(failed, "51", 5000000)), Gateway()),
              IpnCode::kConfirmSuccess);
    EXPECT_EQ(a_->service.FindById(failed.id)->state, payments::State::kFailed);
    auto cancelled = a_->NewRequest();
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(cancelled, "24", 5000000)), Gateway()),
              IpnCode::kConfirmSuccess);
    EXPECT_EQ(a_->service.FindById(cancelled.id)->state, payments::State::kCancelled);
    EXPECT_TRUE(a_->link.settled.empty());
    EXPECT_EQ(a_->OnlineFlag(), 0);
}

TEST_P(PaymentServiceTest, TamperedWrongAmountUnknownAndForeignNotificationsChangeNothing) {
    auto r = a_->NewRequest();
    // Signed, then the amount raised in transit.
    auto tampered = SignAsGateway(Notification(r, "00", 5000000));
    for (auto& [k, v] : tampered)
        if (k == "vnp_Amount") v = "500000";
    EXPECT_EQ(a_->service.HandleIpn(tampered, Gateway()), IpnCode::kInvalidSignature);
    // Signed with another secret.
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(r, "00", 5000000), "wrong"), Gateway()),
              IpnCode::kInvalidSignature);
    // No signature at all.
    Params unsigned_note;
    for (const auto& kv : Notification(r, "00", 5000000)) unsigned_note.push_back(kv);
    EXPECT_EQ(a_->service.HandleIpn(unsigned_note, Gateway()), IpnCode::kInvalidSignature);
    // Correctly signed but for 5,000 VND less.
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(r, "00", 4500000)), Gateway()),
              IpnCode::kInvalidAmount);
    // An amount with a fraction of a đồng.
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(r, "00", 5000001)), Gateway()),
              IpnCode::kInvalidAmount);
    // Unknown reference.
    auto other = Notification(r, "00", 5000000);
    other["vnp_TxnRef"] = "MC20261127NOSUCH";
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(other), Gateway()), IpnCode::kOrderNotFound);
    // Another merchant's notification.
    auto foreign = Notification(r, "00", 5000000);
    foreign["vnp_TmnCode"] = "OTHER001";
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(foreign), Gateway()), IpnCode::kOrderNotFound);

    EXPECT_EQ(a_->service.FindById(r.id)->state, payments::State::kPending);
    EXPECT_EQ(a_->OnlineFlag(), 0);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM payment_notifications WHERE rsp_code = '97'"), 3);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM payment_notifications WHERE rsp_code = '04'"), 2);
    // The genuine notification still pays it.
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(r, "00", 5000000)), Gateway()),
              IpnCode::kConfirmSuccess);
}

TEST_P(PaymentServiceTest, ConcurrentNotificationsSettleExactlyOnce) {
    auto r = a_->NewRequest();
    auto note = SignAsGateway(Notification(r, "00", 5000000));
    constexpr int kThreads = 8;
    std::atomic<int> success{0}, already{0}, other{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&] {
            while (!go.load()) std::this_thread::yield();
            switch (a_->service.HandleIpn(note, Gateway())) {
                case IpnCode::kConfirmSuccess:
                    ++success;
                    break;
                case IpnCode::kAlreadyConfirmed:
                    ++already;
                    break;
                default:
                    ++other;
            }
        });
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(success.load(), 1);
    EXPECT_EQ(already.load(), kThreads - 1);
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(a_->link.settled.size(), 1u);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.paid'"), 1);
}

TEST_P(PaymentServiceTest, CounterRecordsCashOrTransferOnce) {
    auto r = a_->NewRequest();
    domain::audit::Actor officer{std::nullopt, a_->centre, "192.0.2.20", "req-counter"};
    auto no_reference = a_->service.RecordAtCounter(officer, r.id, payments::Method::kTransfer, "", "");
    ASSERT_FALSE(no_reference.ok());
    EXPECT_EQ(no_reference.error().message, "payments.proof");
    auto gateway = a_->service.RecordAtCounter(officer, r.id, payments::Method::kGateway, "x", "");
    ASSERT_FALSE(gateway.ok());
    auto paid = a_->service.RecordAtCounter(officer, r.id, payments::Method::kTransfer, "FT26331123456", "");
    ASSERT_TRUE(paid.ok()) << paid.error().message;
    EXPECT_EQ(paid->state, payments::State::kPaid);
    EXPECT_EQ(paid->method, payments::Method::kTransfer);
    EXPECT_EQ(paid->gateway_transaction_no, "FT26331123456");
    EXPECT_EQ(a_->OnlineFlag(), 0);  // not an online payment
    EXPECT_EQ(a_->link.settled.size(), 1u);
    auto again = a_->service.RecordAtCounter(officer, r.id, payments::Method::kCash, "", "");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
    // A notification for a request paid at the counter is answered "already confirmed".
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(r, "00", 5000000)), Gateway()),
              IpnCode::kAlreadyConfirmed);
    auto missing = a_->service.RecordAtCounter(officer, 999999, payments::Method::kCash, "", "");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_P(PaymentServiceTest, ExpiresStaleRequestsOnlyAfterTheirExpiry) {
    auto r = a_->NewRequest();
    a_->stack.clock.Advance(std::chrono::minutes(14));
    EXPECT_EQ(a_->service.ExpireStale(), 0);
    a_->stack.clock.Advance(std::chrono::minutes(2));
    auto fresh = a_->NewRequest();
    EXPECT_EQ(a_->service.ExpireStale(), 1);
    EXPECT_EQ(a_->service.FindById(r.id)->state, payments::State::kExpired);
    EXPECT_EQ(a_->service.FindById(fresh.id)->state, payments::State::kPending);
    // A notification after expiry is answered "already confirmed" and pays nothing.
    EXPECT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(r, "00", 5000000)), Gateway()),
              IpnCode::kAlreadyConfirmed);
}

TEST_P(PaymentServiceTest, ADossierStillWaitingForAPaidFeeIsMovedOnByTheNextReconciliation) {
    auto exec = [&](const std::string& sql) {
        db::Connection c = a_->stack.tdb.db().Acquire();
        c.sql() << sql;
    };
    // The dossier (state 6) has waited for fees since 08:30 Vietnam time.
    exec(
        "INSERT INTO dossier_pauses (dossier_id, seq, kind, from_state, requested_at) SELECT id, 1, "
        "'payment', 4, "
        "'2026-11-27T01:30:00.000Z' FROM dossiers WHERE code = '" +
        std::string(kDossier) + "'");
    EXPECT_EQ(a_->service.ResumeSettled(), 0) << "nothing paid yet";
    auto r = a_->NewRequest();
    ASSERT_EQ(a_->service.HandleIpn(SignAsGateway(Notification(r, "00", 5000000)), Gateway()),
              IpnCode::kConfirmSuccess);
    // The process stopped before the dossier module heard of it: the dossier still waits.
    a_->link.settled.clear();
    EXPECT_EQ(a_->service.ResumeSettled(), 1);
    ASSERT_EQ(a_->link.settled.size(), 1u);
    EXPECT_EQ(a_->link.settled[0], std::make_pair(kDossier, r.txn_ref));
    // Once moved on (its wait over), nothing more.
    exec("UPDATE dossier_pauses SET completed_at = '2026-11-27T02:01:00.000Z'");
    exec("UPDATE dossiers SET state = 4");
    EXPECT_EQ(a_->service.ResumeSettled(), 0);
    // A second wait for another fee: the earlier payment does not answer it.
    exec("UPDATE dossiers SET state = 6");
    exec(
        "INSERT INTO dossier_pauses (dossier_id, seq, kind, from_state, requested_at) SELECT id, 2, "
        "'payment', 4, "
        "'2026-11-27T03:00:00.000Z' FROM dossiers WHERE code = '" +
        std::string(kDossier) + "'");
    EXPECT_EQ(a_->service.ResumeSettled(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, PaymentServiceTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
