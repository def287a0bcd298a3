#pragma once
// The sandbox bank over HTTP (`mocua sandbox-bank`, issue 9): a stand-in for the payment gateway in the
// demo and the end-to-end tests, on the project's own HTTP server (http/).
//
//   GET  /paymentv2/vpcpay.html?vnp_…   the payment page: amount, order, and Success / Failure / Cancel
//   POST /paymentv2/decide              the customer's choice: the notification (IPN) is sent to
//                                       `ipn_url` first, then the browser is sent to vnp_ReturnUrl
//   POST /merchant_webapi/api/transaction  the query call (QueryDR), signed JSON
//   GET  /healthz
//
// `ipn` chooses how notifications are delivered, to show the merchant coping: once, twice, late (after
// the browser's return, on another thread, in `delay`), never (only the query call will tell), or
// tampered (the amount changed after signing).
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "adapters/vnpay/sandbox_bank.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace mocua::app {

enum class IpnDelivery { kOnce, kTwice, kLate, kNever, kTampered };

struct SandboxBankOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;  // 0: any free port (see SandboxBankServer::port)
    std::string merchant_code;
    std::string hash_secret;
    std::string ipn_url;  // the merchant's GET /api/v1/payments/vnpay/ipn
    IpnDelivery ipn = IpnDelivery::kOnce;
    std::chrono::milliseconds delay{2000};  // for kLate
};

class SandboxBankServer {
public:
    // Error when the port cannot be bound or the secret is empty.
    static core::Result<std::unique_ptr<SandboxBankServer>> Start(SandboxBankOptions options,
                                                                  const core::Clock& clock);
    ~SandboxBankServer();  // stops
    std::uint16_t port() const;
    adapters::SandboxBank& bank();
    // Changes how the next notifications are delivered (tests).
    void SetDelivery(IpnDelivery delivery);
    // Changes where notifications go (a merchant started after the bank, as in tests).
    void SetIpnUrl(std::string url);
    // Sends the decided transaction's notification now (late or repeated delivery); the merchant's
    // answer body, or an error.
    core::Result<std::string> Deliver(const std::string& txn_ref, bool tamper = false);
    void Stop();

private:
    struct Impl;
    explicit SandboxBankServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Parses "once|twice|late|never|tampered".
std::optional<IpnDelivery> ParseIpnDelivery(std::string_view name);

}  // namespace mocua::app
