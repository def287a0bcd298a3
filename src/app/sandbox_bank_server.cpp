#include "app/sandbox_bank_server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "adapters/vnpay/vnpay_http.hpp"
#include "adapters/vnpay/vnpay_signer.hpp"
#include "core/metrics.hpp"
#include "core/worker_pool.hpp"
#include "http/message.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "log/log.hpp"

namespace mocua::app {

namespace payments = domain::payments;
using http::Request;
using http::Response;

namespace {

std::string Escape(std::string_view in) {
    std::string out;
    for (char c : in) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string QueryOf(const payments::Params& params) {
    std::string q;
    for (const auto& [k, v] : params)
        q += (q.empty() ? "" : "&") + payments::UrlEncode(k) + "=" + payments::UrlEncode(v);
    return q;
}

// The sandbox is a stand-in for a bank's site, not a page of the application: its few words are in both
// languages here rather than in the application's message catalogues.
Response Page(int status, const std::string& body) {
    Response r = Response::Text(status,
                                "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
                                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                                "<title>Sandbox bank / Ngân hàng thử nghiệm</title></head><body><main>" +
                                    body + "</main></body></html>",
                                "text/html; charset=utf-8");
    // The choice form posts here and the answer redirects to the merchant's return page.
    r.SetHeader(
        "Content-Security-Policy",
        "default-src 'none'; form-action 'self' http: https:; base-uri 'none'; frame-ancestors 'none'");
    return r;
}

}  // namespace

std::optional<IpnDelivery> ParseIpnDelivery(std::string_view name) {
    if (name == "once") return IpnDelivery::kOnce;
    if (name == "twice") return IpnDelivery::kTwice;
    if (name == "late") return IpnDelivery::kLate;
    if (name == "never") return IpnDelivery::kNever;
    if (name == "tampered") return IpnDelivery::kTampered;
    return std::nullopt;
}

struct SandboxBankServer::Impl {
    Impl(SandboxBankOptions o, const core::Clock& clock)
        : options(std::move(o)), signer(options.hash_secret), bank(signer, options.merchant_code, clock) {}

    core::Result<std::string> Deliver(const std::string& txn_ref, bool tamper) {
        auto params = bank.Notification(txn_ref);
        if (!params) return core::Error::NotFound("sandbox.unknown");
        if (tamper)
            for (auto& [k, v] : *params)
                if (k == "vnp_Amount") v = "100";
        std::string url;
        {
            std::lock_guard lock(mu);
            url = options.ipn_url;
        }
        auto sent = adapters::HttpGet(url + "?" + QueryOf(*params), std::chrono::seconds(10));
        if (!sent.ok()) {
            log->warn("IPN for {} not delivered: {}", txn_ref, sent.error().message);
            return sent.error();
        }
        log->info("IPN for {} answered {}", txn_ref, sent->body);
        return sent->body;
    }

    Response Open(Request& req) {
        auto t = bank.Open(req.query);
        if (!t.ok())
            return Page(400, "<h1>Invalid payment request / Yêu cầu thanh toán không hợp lệ</h1><p>" +
                                 Escape(t.error().message) + "</p>");
        std::string body = "<h1>Sandbox bank / Ngân hàng thử nghiệm</h1><dl><dt>Order / Đơn hàng</dt><dd>" +
                           Escape(t->order_info) + "</dd><dt>Reference / Mã giao dịch</dt><dd>" +
                           Escape(t->txn_ref) + "</dd><dt>Amount / Số tiền</dt><dd>" +
                           payments::FormatVnd(t->amount_vnd) + " VND</dd></dl>";
        if (!t->response_code.empty()) return Page(409, body + "<p>Already decided / Đã xử lý.</p>");
        body +=
            "<form method=\"post\" action=\"/paymentv2/decide\"><input type=\"hidden\" name=\"txn_ref\" "
            "value=\"" +
            Escape(t->txn_ref) +
            "\"><button name=\"outcome\" value=\"success\">Pay / Thanh toán</button> "
            "<button name=\"outcome\" value=\"failure\">Fail / Thất bại</button> "
            "<button name=\"outcome\" value=\"cancel\">Cancel / Hủy</button></form>";
        return Page(200, body);
    }

    Response Decide(Request& req) {
        auto form = payments::ParseQuery(req.body);
        if (!form) return Page(400, "<h1>Bad form / Biểu mẫu sai</h1>");
        const std::string ref = payments::Find(*form, "txn_ref").value_or("");
        const std::string choice = payments::Find(*form, "outcome").value_or("");
        adapters::SandboxOutcome outcome = adapters::SandboxOutcome::kCancel;
        if (choice == "success")
            outcome = adapters::SandboxOutcome::kSuccess;
        else if (choice == "failure")
            outcome = adapters::SandboxOutcome::kFailure;
        else if (choice != "cancel")
            return Page(400, "<h1>Bad form / Biểu mẫu sai</h1>");
        auto params = bank.Decide(ref, outcome);
        if (!params.ok()) return Page(409, "<h1>" + Escape(params.error().message) + "</h1>");
        const IpnDelivery mode = delivery.load();
        switch (mode) {
            case IpnDelivery::kOnce:
                (void)Deliver(ref, false);
                break;
            case IpnDelivery::kTwice:
                (void)Deliver(ref, false);
                (void)Deliver(ref, false);
                break;
            case IpnDelivery::kTampered:
                (void)Deliver(ref, true);
                break;
            case IpnDelivery::kLate: {
                std::lock_guard lock(mu);
                late.emplace_back([this, ref] {
                    std::this_thread::sleep_for(options.delay);  // the point of this mode: arrive late
                    (void)Deliver(ref, false);
                });
                break;
            }
            case IpnDelivery::kNever:
                break;
        }
        auto t = bank.Find(ref);
        Response r = Response::Empty(303);
        const std::string& ret = t->return_url;
        r.SetHeader("Location", ret + (ret.find('?') == std::string::npos ? "?" : "&") + QueryOf(*params));
        return r;
    }

    SandboxBankOptions options;
    adapters::VnpayHmacSigner signer;
    adapters::SandboxBank bank;
    std::atomic<IpnDelivery> delivery{IpnDelivery::kOnce};
    std::shared_ptr<spdlog::logger> log = log::Get("sandbox-bank");
    http::Router router;
    core::Metrics metrics;
    std::unique_ptr<core::WorkerPool> pool;
    std::unique_ptr<http::Pipeline> pipeline;
    std::unique_ptr<http::Server> server;
    std::mutex mu;
    std::vector<std::thread> late;
};

SandboxBankServer::SandboxBankServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

core::Result<std::unique_ptr<SandboxBankServer>> SandboxBankServer::Start(SandboxBankOptions options,
                                                                          const core::Clock& clock) {
    if (options.hash_secret.empty())
        return core::Error::InvalidArgument("the sandbox bank needs the hash secret");
    auto impl = std::make_unique<Impl>(std::move(options), clock);
    impl->delivery = impl->options.ipn;
    Impl* i = impl.get();
    i->router.Get("/healthz", http::Access::Public(), [](Request&) { return Response::Text(200, "ok"); });
    i->router.Get("/paymentv2/vpcpay.html", http::Access::Public(), [i](Request& r) { return i->Open(r); });
    i->router.Post("/paymentv2/decide", http::Access::Public(), [i](Request& r) { return i->Decide(r); });
    i->router.Post("/merchant_webapi/api/transaction", http::Access::Public(),
                   [i](Request& r) { return Response::Json(200, i->bank.AnswerQuery(r.body)); });
    std::vector<core::Metrics::RouteLabel> labels;
    for (const auto& r : i->router.routes()) labels.push_back({r->method, r->pattern});
    i->metrics.SetRoutes(labels);
    i->pool = std::make_unique<core::WorkerPool>(4, 64);
    i->pipeline =
        std::make_unique<http::Pipeline>(i->router, i->metrics, http::PipelineOptions{.access_log = false});
    http::ServerOptions so;
    so.host = i->options.host;
    so.port = i->options.port;
    so.shutdown_grace = std::chrono::seconds(2);
    i->server = std::make_unique<http::Server>(so, *i->pipeline, *i->pool);
    if (auto started = i->server->Start(); !started.ok()) return started.error();
    return std::unique_ptr<SandboxBankServer>(new SandboxBankServer(std::move(impl)));
}

SandboxBankServer::~SandboxBankServer() { Stop(); }

std::uint16_t SandboxBankServer::port() const { return impl_->server->port(); }
adapters::SandboxBank& SandboxBankServer::bank() { return impl_->bank; }
void SandboxBankServer::SetDelivery(IpnDelivery delivery) { impl_->delivery = delivery; }
void SandboxBankServer::SetIpnUrl(std::string url) {
    std::lock_guard lock(impl_->mu);
    impl_->options.ipn_url = std::move(url);
}
core::Result<std::string> SandboxBankServer::Deliver(const std::string& txn_ref, bool tamper) {
    return impl_->Deliver(txn_ref, tamper);
}

void SandboxBankServer::Stop() {
    if (!impl_ || !impl_->server) return;
    std::vector<std::thread> late;
    {
        std::lock_guard lock(impl_->mu);
        late.swap(impl_->late);
    }
    for (auto& t : late) t.join();
    impl_->server->Stop();
    impl_->pool->Stop();
    impl_->server.reset();
}

}  // namespace mocua::app
