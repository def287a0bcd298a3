#include "adapters/mail/smtp_sender.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "adapters/mail/errors.hpp"
#include "adapters/mail/mime.hpp"

namespace mocua::adapters::mail {

namespace {

struct EasyDeleter {
    void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Upload {
    std::string_view data;
    std::size_t offset = 0;
};

std::size_t OnRead(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
    std::memcpy(buffer, upload->data.data() + upload->offset, n);
    upload->offset += n;
    return n;
}

}  // namespace

SmtpSender::SmtpSender(Options options) : options_(std::move(options)) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

SmtpSender::~SmtpSender() { curl_global_cleanup(); }

core::Result<void> SmtpSender::Send(std::string_view from, std::string_view to,
                                    std::string_view message) const {
    if (auto valid = ValidateAddress(from); !valid.ok()) return valid.error();
    if (auto valid = ValidateAddress(to); !valid.ok()) return valid.error();
    if (!options_.url.starts_with("smtp://") && !options_.url.starts_with("smtps://"))
        return MakeError(kUnreachable, "the URL must start with smtp:// or smtps://");

    std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
    if (!easy) return MakeError(kUnreachable, "cannot create a transfer");
    CURL* h = easy.get();

    const std::string mail_from = "<" + std::string(from) + ">";
    std::unique_ptr<curl_slist, SlistDeleter> recipients(curl_slist_append(nullptr, std::string(to).c_str()));
    if (!recipients) return MakeError(kUnreachable, "out of memory");
    Upload upload{message};
    // libcurl takes our EHLO name from the URL's path (smtp://host:port/<name>); a URL that already
    // has a path keeps it.
    const auto authority = options_.url.find("://") + 3;
    const std::string url = options_.url.find('/', authority) == std::string::npos
                                ? options_.url + "/" + options_.helo_name
                                : options_.url;

    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for time-outs: we run on worker threads
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (options_.starttls) curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!options_.username.empty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, options_.username.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, options_.password.c_str());
    }
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, OnRead);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));

    const CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK) return {};
    long reply = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
    const std::string detail =
        (reply > 0 ? "server replied " + std::to_string(reply) + ", " : std::string()) +
        curl_easy_strerror(rc);
    // A refused sign-in (535) is the operator's to fix; until then the mail waits, as when unreachable.
    if (rc == CURLE_LOGIN_DENIED) return MakeError(kUnreachable, detail);
    if (reply >= 500 && reply <= 599) return MakeError(kRejected, detail);
    if (reply >= 400 && reply <= 499) return MakeError(kDeferred, detail);
    return MakeError(kUnreachable, detail);
}

}  // namespace mocua::adapters::mail
