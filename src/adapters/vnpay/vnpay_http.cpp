#include "adapters/vnpay/vnpay_http.hpp"

#include <curl/curl.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>

namespace mocua::adapters {

namespace payments = domain::payments;

namespace {

std::size_t Append(char* data, std::size_t size, std::size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

core::Result<HttpAnswer> Perform(const std::string& url, const std::string* json_body,
                                 std::chrono::milliseconds timeout) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return core::Error::Unavailable("curl_easy_init failed");
    HttpAnswer answer;
    curl_slist* headers = nullptr;
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(nullptr, curl_slist_free_all);
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Append);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer.body);
    if (json_body) {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        header_guard.reset(headers);
        curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, json_body->c_str());
        curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(json_body->size()));
    }
    CURLcode rc = curl_easy_perform(curl.get());
    if (rc != CURLE_OK) return core::Error::Unavailable(std::string("gateway: ") + curl_easy_strerror(rc));
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &answer.status);
    return answer;
}

}  // namespace

core::Result<HttpAnswer> HttpGet(const std::string& url, std::chrono::milliseconds timeout) {
    return Perform(url, nullptr, timeout);
}

core::Result<HttpAnswer> HttpPostJson(const std::string& url, const std::string& body,
                                      std::chrono::milliseconds timeout) {
    return Perform(url, &body, timeout);
}

VnpayQueryClient::VnpayQueryClient(const payments::Signer& signer, std::string query_url,
                                   std::string merchant_code, const core::Clock& clock,
                                   std::chrono::milliseconds timeout)
    : signer_(signer),
      query_url_(std::move(query_url)),
      merchant_code_(std::move(merchant_code)),
      clock_(clock),
      timeout_(timeout) {}

std::string VnpayQueryClient::LocalTime(core::TimePoint t) const {
    auto local = std::chrono::time_point_cast<std::chrono::seconds>(t) + std::chrono::hours(7);
    std::time_t secs = std::chrono::system_clock::to_time_t(local);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::optional<payments::GatewayStatus> VnpayQueryClient::Query(const payments::PaymentRequest& request) {
    static std::atomic<unsigned> counter{0};
    const auto now = clock_.Now();
    // A request id unique per call (the gateway refuses a repeated one within a day).
    const std::string request_id =
        request.txn_ref.substr(request.txn_ref.size() > 12 ? request.txn_ref.size() - 12 : 0) +
        std::to_string(now.time_since_epoch().count() % 100000) + std::to_string(counter++ % 1000);
    payments::Params fields = {
        {"vnp_RequestId", request_id},
        {"vnp_Version", "2.1.0"},
        {"vnp_Command", "querydr"},
        {"vnp_TmnCode", merchant_code_},
        {"vnp_TxnRef", request.txn_ref},
        {"vnp_TransactionDate", LocalTime(core::ParseUtc(request.created_at).value_or(now))},
        {"vnp_CreateDate", LocalTime(now)},
        {"vnp_IpAddr", "127.0.0.1"},
        {"vnp_OrderInfo", request.purpose},
    };
    fields.emplace_back("vnp_SecureHash",
                        signer_.Sign(payments::PipeJoined(fields, payments::kQueryRequestOrder)));
    nlohmann::json body = nlohmann::json::object();
    for (const auto& [k, v] : fields) body[k] = v;
    auto answer = HttpPostJson(query_url_, body.dump(), timeout_);
    if (!answer.ok() || answer->status != 200) return std::nullopt;
    auto j = nlohmann::json::parse(answer->body, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    payments::Params got;
    for (const auto& [k, v] : j.items())
        if (v.is_string()) got.emplace_back(k, v.get<std::string>());
    auto signature = payments::Find(got, "vnp_SecureHash");
    if (!signature || !signer_.Verify(payments::PipeJoined(got, payments::kQueryResponseOrder), *signature))
        return std::nullopt;
    if (payments::Find(got, "vnp_TxnRef").value_or("") != request.txn_ref) return std::nullopt;
    const std::string code = payments::Find(got, "vnp_ResponseCode").value_or("");
    payments::GatewayStatus status;
    if (code == "91") {
        status.kind = payments::GatewayStatus::Kind::kNotFound;
        return status;
    }
    if (code != "00") return std::nullopt;
    status.response_code = payments::Find(got, "vnp_TransactionStatus").value_or("");
    status.transaction_no = payments::Find(got, "vnp_TransactionNo").value_or("");
    status.bank_code = payments::Find(got, "vnp_BankCode").value_or("");
    auto amount = payments::ParseAmountParam(payments::Find(got, "vnp_Amount").value_or(""));
    if (!amount) return std::nullopt;
    status.amount_vnd = *amount;
    if (status.response_code == "00")
        status.kind = payments::GatewayStatus::Kind::kPaid;
    else if (status.response_code == "01")
        status.kind = payments::GatewayStatus::Kind::kPending;
    else
        status.kind = payments::GatewayStatus::Kind::kFailed;
    return status;
}

}  // namespace mocua::adapters
