#include <algorithm>

#include "app/services.hpp"
#include "core/text/text.hpp"
#include "core/text/validation.hpp"
#include "http/router.hpp"
#include "web/format.hpp"
#include "web/pages.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

constexpr std::size_t kMessageLimit = 1000;  // code points

const InputSpec kFullName{.id = "full-name",
                          .name = "full_name",
                          .label_key = "styleguide.field_full_name",
                          .autocomplete = "name",
                          .width = "20"};
const InputSpec kPhone{.id = "phone",
                       .label_key = "styleguide.field_phone",
                       .hint_key = "styleguide.field_phone_hint",
                       .type = "tel",
                       .autocomplete = "tel",
                       .width = "10"};
const InputSpec kCccd{.id = "cccd",
                      .label_key = "styleguide.field_cccd",
                      .hint_key = "styleguide.field_cccd_hint",
                      .inputmode = "numeric",
                      .width = "10"};
const InputSpec kMessage{.id = "message", .label_key = "styleguide.field_message"};

const ChoiceSpec& TopicSpec() {
    static const ChoiceSpec kSpec{.id = "topic",
                                  .name = "topic",
                                  .legend_key = "styleguide.field_topic",
                                  .options = {{"procedures", "styleguide.topic_procedures"},
                                              {"website", "styleguide.topic_website"},
                                              {"staff", "styleguide.topic_staff"}}};
    return kSpec;
}

const ChoiceSpec& ContactSpec() {
    static const ChoiceSpec kSpec{.id = "contact",
                                  .name = "contact",
                                  .legend_key = "styleguide.field_contact",
                                  .hint_key = "styleguide.field_contact_hint",
                                  .multiple = true,
                                  .options = {{"phone", "styleguide.contact_phone"},
                                              {"sms", "styleguide.contact_sms"},
                                              {"post", "styleguide.contact_post"}}};
    return kSpec;
}

bool IsOption(const ChoiceSpec& spec, const std::string& value) {
    return std::any_of(spec.options.begin(), spec.options.end(),
                       [&](const auto& o) { return o.first == value; });
}

std::size_t CodePoints(const std::string& utf8) {
    return static_cast<std::size_t>(std::count_if(
        utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

struct FeedbackInput {
    std::string full_name, phone, cccd, topic, message;
    std::vector<std::string> contact;
};

FormErrors Validate(const FeedbackInput& in) {
    FormErrors errors;
    if (in.full_name.empty()) errors.Add(kFullName.id, "styleguide.error_full_name_required");
    if (in.phone.empty()) {
        errors.Add(kPhone.id, "styleguide.error_phone_required");
    } else if (auto phone = core::text::NormalizePhone(in.phone);
               !phone.ok() || phone->kind != core::text::PhoneKind::kMobile) {
        errors.Add(kPhone.id, "styleguide.error_phone_invalid");
    }
    if (!in.cccd.empty()) {
        std::string digits;
        for (char c : in.cccd) {
            if (c != ' ') digits += c;
        }
        if (!core::text::ParseCccd(digits).ok()) errors.Add(kCccd.id, "styleguide.error_cccd_invalid");
    }
    if (!IsOption(TopicSpec(), in.topic)) errors.Add(TopicSpec().id, "styleguide.error_topic_required");
    if (in.message.empty()) {
        errors.Add(kMessage.id, "styleguide.error_message_required");
    } else if (CodePoints(in.message) > kMessageLimit) {
        errors.Add(kMessage.id, "styleguide.error_message_too_long");
    }
    return errors;
}

nlohmann::json PageData(const Shell& shell, const http::Request& request, const FeedbackInput& input,
                        const FormErrors& errors) {
    const Language language = shell.LanguageOf(request);
    const Catalog& catalog = shell.catalog();
    const core::TimePoint now = shell.clock().Now();
    nlohmann::json data;
    data["uses_htmx"] = true;
    data["formats"] = {{"date", FormatDate(now)},
                       {"time", FormatTime(now)},
                       {"datetime", FormatDateTime(now)},
                       {"amount", FormatAmount(1234567)}};
    data["fees"] = nlohmann::json::array({
        {{"label", catalog.Get(language, "styleguide.fee_certified_copy")}, {"amount", FormatAmount(2000)}},
        {{"label", catalog.Get(language, "styleguide.fee_birth_registration")},
         {"amount", FormatAmount(8000)}},
        {{"label", catalog.Get(language, "styleguide.fee_business")}, {"amount", FormatAmount(100000)}},
    });
    data["form"] = {
        {"full_name", InputField(kFullName, input.full_name, errors, catalog, language)},
        {"phone", InputField(kPhone, input.phone, errors, catalog, language)},
        {"cccd", InputField(kCccd, input.cccd, errors, catalog, language)},
        {"topic", ChoiceField(TopicSpec(), {input.topic}, errors, catalog, language)},
        {"contact", ChoiceField(ContactSpec(), input.contact, errors, catalog, language)},
        {"message", InputField(kMessage, input.message, errors, catalog, language)},
    };
    data["errors"] = errors.ToJson(catalog, language);

    const auto query = request.QueryParam("q");
    const std::string q =
        query ? core::text::CleanInput(*query) : catalog.Get(language, "styleguide.fold_example");
    data["fold"] = {{"query", q},
                    {"result", catalog.Format(language, "styleguide.fold_result",
                                              {{"key", core::text::FoldForSearch(q)}})}};
    return data;
}

}  // namespace

void RegisterStyleGuideRoutes(http::Router& router, const app::Services& services) {
    const Shell* shell = services.web;
    router.Get("/style-guide", http::Access::Public(), [shell](http::Request& request) {
        return shell->Page(request, "styleguide/index", "styleguide.title",
                           PageData(*shell, request, {}, {}));
    });

    shell->PostForm(router, "/style-guide", http::Access::Public(),
                    [shell](http::Request& request, const FormData& form) {
                        FeedbackInput in{.full_name = form.Get("full_name"),
                                         .phone = form.Get("phone"),
                                         .cccd = form.Get("cccd"),
                                         .topic = form.Get("topic"),
                                         .message = form.GetText("message"),
                                         .contact = {}};
                        for (const auto& c : form.GetAll("contact")) {
                            if (IsOption(ContactSpec(), c)) in.contact.push_back(c);
                        }
                        const FormErrors errors = Validate(in);
                        if (errors.empty())
                            return shell->Redirect(request, "/style-guide", "flash.feedback_sent");
                        return shell->Page(request, "styleguide/index", "styleguide.title",
                                           PageData(*shell, request, in, errors), 422);
                    });

    // Previews of the error pages, with their real status codes, so the checks cover the template.
    router.Get("/style-guide/errors/{status:int}", http::Access::Public(), [shell](http::Request& request) {
        const auto status = request.IntParam("status");
        if (status != 403 && status != 404 && status != 500) return http::Response::Empty(404);
        return shell->ErrorPage(request, static_cast<int>(status), "preview");
    });
}

}  // namespace mocua::web
