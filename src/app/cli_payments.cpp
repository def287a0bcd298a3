#include "app/cli_payments.hpp"

#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "app/payment_stack.hpp"
#include "app/sandbox_bank_server.hpp"
#include "config/config.hpp"
#include "log/log.hpp"

namespace mocua::app {

namespace {

struct SandboxArgs {
    std::string listen = "127.0.0.1:8090";
    std::string ipn_url;
    std::string merchant = "MOCUADEMO";
    std::string secret_file;
    std::string ipn = "once";
    int delay_ms = 2000;
};

int RunSandbox(const SandboxArgs& a) {
    auto hp = config::ParseListen(a.listen);
    if (!hp.ok()) {
        std::fprintf(stderr, "error: --listen %s\n", hp.error().message.c_str());
        return 2;
    }
    auto delivery = ParseIpnDelivery(a.ipn);
    if (!delivery) {
        std::fprintf(stderr, "error: --ipn must be once, twice, late, never or tampered\n");
        return 2;
    }
    config::PaymentsConfig pc;
    pc.hash_secret_file = a.secret_file;
    auto secret = LoadHashSecret(pc);
    if (!secret.ok()) {
        std::fprintf(stderr, "error: %s\n", secret.error().message.c_str());
        return 2;
    }
    // Block the stop signals before any thread starts, so every thread inherits the mask and the
    // main thread receives them in sigwait.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    log::Init("info");
    core::SystemClock clock;
    SandboxBankOptions o;
    o.host = hp->host;
    o.port = hp->port;
    o.merchant_code = a.merchant;
    o.hash_secret = std::move(secret.value());
    o.ipn_url = a.ipn_url;
    o.ipn = *delivery;
    o.delay = std::chrono::milliseconds(a.delay_ms);
    auto server = SandboxBankServer::Start(std::move(o), clock);
    if (!server.ok()) {
        std::fprintf(stderr, "error: %s\n", server.error().message.c_str());
        return 1;
    }
    std::printf("sandbox bank serving http://%s:%u\n", hp->host.c_str(),
                static_cast<unsigned>((*server)->port()));
    std::printf("  payment page  http://%s:%u/paymentv2/vpcpay.html\n", hp->host.c_str(),
                static_cast<unsigned>((*server)->port()));
    std::printf("  query API     http://%s:%u/merchant_webapi/api/transaction\n", hp->host.c_str(),
                static_cast<unsigned>((*server)->port()));
    std::fflush(stdout);
    int received = 0;
    sigwait(&stop, &received);
    (*server)->Stop();
    log::Shutdown();
    return 0;
}

}  // namespace

std::function<std::optional<int>()> AddPaymentCommands(CLI::App& cli) {
    auto args = std::make_shared<SandboxArgs>();
    auto* sandbox =
        cli.add_subcommand("sandbox-bank", "Run a stand-in payment gateway for the demo and tests");
    sandbox->add_option("--listen", args->listen, "host:port to listen on (port 0: any free port)");
    sandbox
        ->add_option("--ipn-url", args->ipn_url,
                     "The merchant's notification URL (…/api/v1/payments/vnpay/ipn)")
        ->required();
    sandbox->add_option("--merchant", args->merchant, "The merchant code (vnp_TmnCode) it accepts");
    sandbox->add_option("--secret-file", args->secret_file,
                        "A file with the hash secret (else MOCUA_VNPAY_HASH_SECRET)");
    sandbox->add_option("--ipn", args->ipn,
                        "How notifications are delivered: once, twice, late, never, tampered");
    sandbox->add_option("--delay-ms", args->delay_ms, "With --ipn late: how late");
    return [sandbox, args]() -> std::optional<int> {
        if (!*sandbox) return std::nullopt;
        return RunSandbox(*args);
    };
}

}  // namespace mocua::app
