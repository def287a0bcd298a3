// Paying through the sandbox bank end to end, on both engines: the server (App, in process, payments
// enabled, hash secret from a file) and the sandbox bank (app/sandbox_bank_server.hpp) on loopback ports,
// the browser played by the HTTP client. Pay, fail, cancel; a duplicate notification; a tampered one; a
// wrong amount; the notification before the browser returns and after it; a notification that never
// comes, resolved by the query call; malformed calls to the IPN endpoint.
#include <filesystem>
#include <fstream>

#include "adapters/vnpay/vnpay_http.hpp"
#include "app/app.hpp"
#include "app/sandbox_bank_server.hpp"
#include "integration/payment_fixture.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"

namespace mocua {
namespace {

namespace payments = domain::payments;
using ::mocua::testing::Fetch;
using ::mocua::testing::HttpReply;
using ::mocua::testing::Installation;
using ::mocua::testing::kMerchant;
using ::mocua::testing::kSecret;
using ::mocua::testing::Notification;
using ::mocua::testing::SignAsGateway;

std::string PathAndQuery(const std::string& url) {
    auto scheme = url.find("://");
    auto slash = url.find('/', scheme + 3);
    return url.substr(slash);
}

std::string Query(const payments::Params& p) {
    std::string q;
    for (const auto& [k, v] : p)
        q += (q.empty() ? "" : "&") + payments::UrlEncode(k) + "=" + payments::UrlEncode(v);
    return q;
}

class PaymentFlowTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        app::SandboxBankOptions bank_options;
        bank_options.merchant_code = kMerchant;
        bank_options.hash_secret = kSecret;
        bank_options.ipn_url = "http://127.0.0.1:9/unset";
        auto bank = app::SandboxBankServer::Start(bank_options, system_clock_);
        ASSERT_TRUE(bank.ok()) << bank.error().message;
        bank_ = std::move(bank.value());
        bank_url_ = "http://127.0.0.1:" + std::to_string(bank_->port());

        a_ = std::make_unique<Installation>(
            GetParam(),
            payments::GatewaySettings{kMerchant, bank_url_ + "/paymentv2/vpcpay.html",
                                      "http://127.0.0.1:9/payments/return", std::chrono::minutes(15)});
        auto config = ::mocua::testing::InProcessAppConfig(a_->stack.tdb);
        const std::string secret_file = a_->stack.tdb.dir() + "/vnpay-secret";
        std::ofstream(secret_file) << kSecret << "\n";
        config.payments.enabled = true;
        config.payments.merchant_code = kMerchant;
        config.payments.pay_url = bank_url_ + "/paymentv2/vpcpay.html";
        config.payments.query_url = bank_url_ + "/merchant_webapi/api/transaction";
        config.payments.hash_secret_file = secret_file;
        app_ = std::make_unique<app::App>(std::move(config));
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        bank_->SetIpnUrl("http://127.0.0.1:" + std::to_string(app_->port()) + "/api/v1/payments/vnpay/ipn");
    }
    void TearDown() override {
        if (bank_) bank_->Stop();
        if (app_) app_->Stop();
    }

    // The citizen opens the payment URL at the bank and presses a button; returns the bank's redirect.
    HttpReply PayAtBank(const payments::PaymentRequest& r, const std::string& outcome) {
        const std::string url = a_->service.PaymentUrl(r, "198.51.100.7", "vi");
        HttpReply page = Fetch(bank_->port(), "GET", PathAndQuery(url));
        EXPECT_EQ(page.status, 200) << page.body;
        EXPECT_NE(page.body.find("50.000 VND"), std::string::npos) << page.body;
        return Fetch(bank_->port(), "POST", "/paymentv2/decide",
                     ::mocua::testing::FormEncode({{"txn_ref", r.txn_ref}, {"outcome", outcome}}),
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
    }

    payments::State StateOf(const payments::PaymentRequest& r) { return a_->service.FindById(r.id)->state; }

    std::vector<std::string> Answers(const payments::PaymentRequest& r) {
        std::vector<std::string> out;
        db::Connection c = a_->stack.tdb.db().Acquire();
        soci::rowset<std::string> rows =
            (c.sql().prepare << "SELECT rsp_code FROM payment_notifications WHERE txn_ref = :r ORDER BY id",
             soci::use(r.txn_ref, "r"));
        for (const auto& s : rows) out.push_back(s);
        return out;
    }

    core::SystemClock system_clock_;
    std::unique_ptr<app::SandboxBankServer> bank_;
    std::string bank_url_;
    std::unique_ptr<Installation> a_;
    std::unique_ptr<app::App> app_;
};

TEST_P(PaymentFlowTest, PaysAndTheNotificationArrivesBeforeTheBrowserReturns) {
    auto r = a_->NewRequest();
    HttpReply back = PayAtBank(r, "success");
    ASSERT_EQ(back.status, 303);
    // The bank delivered the notification before redirecting: the request is paid when the browser
    // comes back, and the flag for the national portal is set.
    EXPECT_EQ(StateOf(r), payments::State::kPaid);
    EXPECT_EQ(a_->OnlineFlag(), 2);
    EXPECT_EQ(Answers(r), std::vector<std::string>{"00"});
    // The return carries the signed result.
    const std::string location = back.header("location");
    ASSERT_EQ(location.rfind("http://127.0.0.1:9/payments/return?", 0), 0u) << location;
    auto params = payments::ParseQuery(location.substr(location.find('?') + 1));
    ASSERT_TRUE(params.has_value());
    EXPECT_EQ(payments::Find(*params, "vnp_ResponseCode"), std::optional<std::string>("00"));
    auto view = a_->service.ReadReturn(*params);
    EXPECT_TRUE(view.signature_valid);
    EXPECT_TRUE(view.gateway_says_success);
    ASSERT_TRUE(view.request.has_value());
    EXPECT_EQ(view.request->id, r.id);
}

TEST_P(PaymentFlowTest, FailureAndCancelLeaveTheFeesUnpaid) {
    auto failed = a_->NewRequest();
    EXPECT_EQ(PayAtBank(failed, "failure").status, 303);
    EXPECT_EQ(StateOf(failed), payments::State::kFailed);
    auto cancelled = a_->NewRequest();
    EXPECT_EQ(PayAtBank(cancelled, "cancel").status, 303);
    EXPECT_EQ(StateOf(cancelled), payments::State::kCancelled);
    EXPECT_EQ(a_->OnlineFlag(), 0);
    // Paying again is a new request, and it can succeed.
    auto again = a_->NewRequest();
    EXPECT_EQ(PayAtBank(again, "success").status, 303);
    EXPECT_EQ(StateOf(again), payments::State::kPaid);
}

TEST_P(PaymentFlowTest, ADuplicateNotificationIsAnsweredAlreadyConfirmed) {
    bank_->SetDelivery(app::IpnDelivery::kTwice);
    auto r = a_->NewRequest();
    EXPECT_EQ(PayAtBank(r, "success").status, 303);
    EXPECT_EQ(StateOf(r), payments::State::kPaid);
    EXPECT_EQ(Answers(r), (std::vector<std::string>{"00", "02"}));
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.paid'"), 1);
}

TEST_P(PaymentFlowTest, ATamperedNotificationIsRefusedAndTheGenuineOneStillCounts) {
    bank_->SetDelivery(app::IpnDelivery::kTampered);
    auto r = a_->NewRequest();
    EXPECT_EQ(PayAtBank(r, "success").status, 303);
    EXPECT_EQ(StateOf(r), payments::State::kPending);
    EXPECT_EQ(Answers(r), std::vector<std::string>{"97"});
    auto genuine = bank_->Deliver(r.txn_ref);
    ASSERT_TRUE(genuine.ok());
    EXPECT_EQ(*genuine, R"({"RspCode":"00","Message":"Confirm Success"})");
    EXPECT_EQ(StateOf(r), payments::State::kPaid);
}

TEST_P(PaymentFlowTest, TheNotificationAfterTheBrowserReturnPaysIt) {
    bank_->SetDelivery(app::IpnDelivery::kNever);
    auto r = a_->NewRequest();
    HttpReply back = PayAtBank(r, "success");
    ASSERT_EQ(back.status, 303);
    // The browser is back, the gateway says success, but only the notification changes the state.
    auto params = payments::ParseQuery(back.header("location").substr(back.header("location").find('?') + 1));
    ASSERT_TRUE(params.has_value());
    EXPECT_TRUE(a_->service.ReadReturn(*params).gateway_says_success);
    EXPECT_EQ(StateOf(r), payments::State::kPending);
    auto late = bank_->Deliver(r.txn_ref);
    ASSERT_TRUE(late.ok());
    EXPECT_EQ(StateOf(r), payments::State::kPaid);
}

TEST_P(PaymentFlowTest, ANotificationThatNeverComesIsResolvedByTheQueryCall) {
    bank_->SetDelivery(app::IpnDelivery::kNever);
    auto paid = a_->NewRequest();
    EXPECT_EQ(PayAtBank(paid, "success").status, 303);
    auto failed = a_->NewRequest();
    EXPECT_EQ(PayAtBank(failed, "failure").status, 303);
    auto abandoned = a_->NewRequest();  // never opened at the bank
    auto waiting = a_->NewRequest();    // opened, not decided yet
    (void)Fetch(bank_->port(), "GET", PathAndQuery(a_->service.PaymentUrl(waiting, "198.51.100.7", "vi")));

    adapters::VnpayQueryClient query(a_->signer, bank_url_ + "/merchant_webapi/api/transaction", kMerchant,
                                     a_->stack.clock);
    auto first = a_->service.Reconcile(query);
    EXPECT_EQ(first.asked, 4);
    EXPECT_EQ(first.paid, 1);
    EXPECT_EQ(first.failed, 1);
    EXPECT_EQ(first.expired, 0);  // not yet past expiry + grace
    EXPECT_EQ(StateOf(paid), payments::State::kPaid);
    EXPECT_EQ(a_->OnlineFlag(), 2);
    EXPECT_EQ(StateOf(failed), payments::State::kFailed);
    EXPECT_EQ(StateOf(abandoned), payments::State::kPending);

    a_->stack.clock.Advance(std::chrono::minutes(31));  // expiry 15 min + grace 15 min
    auto second = a_->service.Reconcile(query);
    EXPECT_EQ(second.asked, 2);
    EXPECT_EQ(second.expired, 2);
    EXPECT_EQ(StateOf(abandoned), payments::State::kExpired);
    EXPECT_EQ(StateOf(waiting), payments::State::kExpired);
}

TEST_P(PaymentFlowTest, TheIpnEndpointAnswersTheProtocolCodes) {
    auto r = a_->NewRequest();
    const auto port = app_->port();
    // A correctly signed notification for 5,000 VND less than asked.
    HttpReply wrong = Fetch(
        port, "GET", "/api/v1/payments/vnpay/ipn?" + Query(SignAsGateway(Notification(r, "00", 4500000))));
    EXPECT_EQ(wrong.status, 200);
    EXPECT_EQ(wrong.body, R"({"RspCode":"04","Message":"Invalid amount"})");
    auto unknown = Notification(r, "00", 5000000);
    unknown["vnp_TxnRef"] = "MC20261127NOSUCH";
    EXPECT_EQ(Fetch(port, "GET", "/api/v1/payments/vnpay/ipn?" + Query(SignAsGateway(unknown))).body,
              R"({"RspCode":"01","Message":"Order not found"})");
    EXPECT_EQ(Fetch(port, "GET", "/api/v1/payments/vnpay/ipn").body,
              R"({"RspCode":"97","Message":"Invalid signature"})");
    EXPECT_EQ(Fetch(port, "GET", "/api/v1/payments/vnpay/ipn?vnp_Amount=%ZZ").body,
              R"({"RspCode":"99","Message":"Unknown error"})");
    EXPECT_EQ(Fetch(port, "GET", "/api/v1/payments/vnpay/ipn?vnp_Amount=1&vnp_Amount=2").body,
              R"({"RspCode":"99","Message":"Unknown error"})");
    EXPECT_EQ(StateOf(r), payments::State::kPending);
    HttpReply ok = Fetch(
        port, "GET", "/api/v1/payments/vnpay/ipn?" + Query(SignAsGateway(Notification(r, "00", 5000000))));
    EXPECT_EQ(ok.body, R"({"RspCode":"00","Message":"Confirm Success"})");
    EXPECT_EQ(Fetch(port, "GET",
                    "/api/v1/payments/vnpay/ipn?" + Query(SignAsGateway(Notification(r, "00", 5000000))))
                  .body,
              R"({"RspCode":"02","Message":"Order already confirmed"})");
}

TEST_P(PaymentFlowTest, TheBankRefusesAPaymentUrlWithABadSignature) {
    auto r = a_->NewRequest();
    std::string url = PathAndQuery(a_->service.PaymentUrl(r, "198.51.100.7", "vi"));
    url.replace(url.find("vnp_Amount=5000000"), 18, "vnp_Amount=500000");
    EXPECT_EQ(Fetch(bank_->port(), "GET", url).status, 400);
}

INSTANTIATE_TEST_SUITE_P(Engines, PaymentFlowTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
