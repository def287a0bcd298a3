#include "web/lookup_pages.hpp"

#include <algorithm>
#include <iterator>
#include <string>

#include <spdlog/spdlog.h>

#include "app/services.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/dossier_pages_common.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace lookup = domain::lookup;
using nlohmann::json;

const InputSpec kCode{.id = "code",
                      .label_key = "lookup.code_label",
                      .hint_key = "lookup.code_hint",
                      .autocomplete = "off",
                      .width = "20"};
const InputSpec kPhone{.id = "phone-last4",
                       .name = "phone_last4",
                       .label_key = "lookup.phone_label",
                       .hint_key = "lookup.phone_hint",
                       .autocomplete = "off",
                       .inputmode = "numeric",
                       .width = "4"};

// Seconds until the address may look up again (at least 1), for the Retry-After of a 429.
std::string RetryAfter(const app::Services& s, const http::Request& request) {
    return std::to_string(std::max(1, s.lookup->limiter().RetryAfterSeconds(request.remote_address)));
}

bool FourDigits(const std::string& s) {
    return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

http::Response LookupPage(const app::Services& s, http::Request& request, const std::string& code,
                          const std::string& phone, FormErrors errors) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    json data;
    int status = 200;
    if (!code.empty()) {
        // A malformed phone factor still shows the status, so the error has its field to point at.
        auto found = s.lookup->Find(request.remote_address, code, errors.empty() ? phone : "");
        if (found.ok()) {
            data["status"] = StatusData(*found, c, language);
            data["factor_failed"] = !phone.empty() && !found->second_factor;
        } else if (found.error().code == core::ErrorCode::kRateLimited) {
            data["throttled"] = true;
            status = 429;
        } else if (found.error().code == core::ErrorCode::kNotFound) {
            data["not_found"] = true;
            status = 404;
        } else {
            log::Get("web")->error("request_id={} lookup: {}", request.request_id, found.error().message);
            return http::Response::Empty(500);
        }
    }
    if (!errors.empty() && status == 200) status = 422;
    data["code_field"] = InputField(kCode, code, errors, c, language);
    data["phone_field"] = InputField(kPhone, "", errors, c, language);
    data["code"] = code;
    data["errors"] = errors.ToJson(c, language);
    http::Response r = s.web->Page(request, "lookup/lookup", "lookup.title", std::move(data), status);
    r.SetHeader("Cache-Control", "no-store");
    if (status == 429) r.SetHeader("Retry-After", RetryAfter(s, request));
    return r;
}

http::Response ResultPage(const app::Services& s, http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    auto checked = s.lookup->VerifyResult(request.remote_address, TrimCode(request.Param("code")));
    json data;
    int status = 200;
    if (checked.ok()) {
        const bool en = language == Language::kEn;
        const auto& r = *checked;
        const char* signature = r.signature == lookup::ResultCheck::Signature::kValid     ? "valid"
                                : r.signature == lookup::ResultCheck::Signature::kInvalid ? "invalid"
                                                                                          : "none";
        data["result"] = {
            {"code", r.code},
            {"procedure", en ? r.procedure_name_en : r.procedure_name_vi},
            {"issuer", en ? r.issuer_en : r.issuer_vi},
            {"issued_at", ShowTime(r.issued_at)},
            {"sha256", r.sha256},
            {"signer", r.signer.empty() ? json(false) : json(r.signer)},
            {"signature_valid", r.signature == lookup::ResultCheck::Signature::kValid},
            {"signature_text", s.web->catalog().Get(language, std::string("lookup.signature_") + signature)}};
    } else if (checked.error().code == core::ErrorCode::kRateLimited) {
        data["throttled"] = true;
        status = 429;
    } else if (checked.error().code == core::ErrorCode::kNotFound) {
        data["not_found"] = true;
        status = 404;
    } else {
        log::Get("web")->error("request_id={} result check: {}", request.request_id, checked.error().message);
        return http::Response::Empty(500);
    }
    http::Response r = s.web->Page(request, "lookup/result", "lookup.result_title", std::move(data), status);
    r.SetHeader("Cache-Control", "no-store");
    if (status == 429) r.SetHeader("Retry-After", RetryAfter(s, request));
    return r;
}

}  // namespace

std::string TrimCode(std::string_view raw) {
    while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
    return std::string(raw.substr(0, 64));
}

json StatusData(const lookup::DossierStatus& st, const Catalog& c, Language language) {
    const bool en = language == Language::kEn;
    json timeline = json::array();
    for (const auto& t : st.timeline) {
        timeline.push_back(
            {{"state", c.Get(language, "dossier.state." + std::to_string(domain::dossier::Code(t.state)))},
             {"at", ShowTime(t.at)}});
    }
    json data = {
        {"code", st.code},
        {"procedure", en ? st.procedure_name_en : st.procedure_name_vi},
        {"procedure_code", st.procedure_code},
        {"state", c.Get(language, "dossier.state." + std::to_string(domain::dossier::Code(st.state)))},
        {"state_code", domain::dossier::Code(st.state)},
        {"received_at", ShowTime(st.received_at)},
        {"due_at", ShowTime(st.due_at)},
        {"returned_at", ShowTime(st.returned_at)},
        {"on_time", st.on_time.has_value() && *st.on_time},
        {"late", st.on_time.has_value() && !*st.on_time},
        {"applicant", st.masked_name},
        {"timeline", std::move(timeline)},
        {"has_result", st.has_result},
        {"returned", st.state == domain::dossier::State::kReturned},
        {"rated_at_kiosk", st.rated_at_kiosk},
        {"second_factor", st.second_factor},
    };
    if (st.second_factor) {
        data["applicant_full"] = st.applicant_name.value_or("");
        data["receiving_unit"] = en ? st.receiving_unit_en.value_or("") : st.receiving_unit_vi.value_or("");
        data["appointment_at"] = ShowTime(st.appointment_at);
    }
    // Mustache sections treat "" as true: absent times are dropped so that their rows are not shown.
    for (auto it = data.begin(); it != data.end();) {
        it = it->is_string() && it->get_ref<const std::string&>().empty() ? data.erase(it) : std::next(it);
    }
    return data;
}

void RegisterLookupPages(http::Router& router, const app::Services& services) {
    router.Get("/lookup", http::Access::Public(), [services](http::Request& request) {
        return LookupPage(services, request, TrimCode(request.QueryParam("code").value_or("")), "", {});
    });
    services.web->PostForm(router, "/lookup", http::Access::Public(),
                           [services](http::Request& request, const FormData& form) {
                               const std::string code = TrimCode(form.Get("code"));
                               const std::string phone = form.Get("phone_last4");
                               FormErrors errors;
                               if (code.empty()) errors.Add("code", "lookup.error.code_required");
                               if (!FourDigits(phone)) errors.Add("phone-last4", "lookup.error.phone_digits");
                               return LookupPage(services, request, code, phone, std::move(errors));
                           });
    router.Get("/lookup/{code}/result", http::Access::Public(),
               [services](http::Request& request) { return ResultPage(services, request); });
}

}  // namespace mocua::web
