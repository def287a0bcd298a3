#include "domain/dossier/model.hpp"

#include <nlohmann/json.hpp>

namespace mocua::domain::dossier {

using nlohmann::json;

std::optional<State> StateFromCode(std::int64_t code) {
    if (code < 1 || code > 10) return std::nullopt;
    return static_cast<State>(code);
}

std::optional<Channel> ChannelFromCode(std::int64_t code) {
    if (code < 1 || code > 3) return std::nullopt;
    return static_cast<Channel>(code);
}

std::string_view HandedInName(HandedIn h) {
    switch (h) {
        case HandedIn::kNone: return "none";
        case HandedIn::kOriginal: return "original";
        case HandedIn::kCopy: return "copy";
        case HandedIn::kCertifiedCopy: return "certified_copy";
    }
    return "none";
}

std::optional<HandedIn> ParseHandedIn(std::string_view name) {
    for (auto h : {HandedIn::kNone, HandedIn::kOriginal, HandedIn::kCopy, HandedIn::kCertifiedCopy}) {
        if (HandedInName(h) == name) return h;
    }
    return std::nullopt;
}

const IssuedForm* Dossier::Form(std::string_view form) const {
    for (auto it = forms.rbegin(); it != forms.rend(); ++it) {
        if (it->form == form) return &*it;  // the latest one (a dossier may get several 02)
    }
    return nullptr;
}

const StepRecord* Dossier::OpenStep() const {
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        if (it->open()) return &*it;
    }
    return nullptr;
}

const Draft::File* Draft::FileAt(int position) const {
    for (const auto& f : files) {
        if (f.position == position) return &f;
    }
    return nullptr;
}

std::string AnswersToJson(const Answers& answers) {
    json j = json::object();
    for (const auto& [k, v] : answers) j[k] = v;
    return j.dump();
}

std::optional<Answers> AnswersFromJson(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    Answers out;
    for (const auto& [k, v] : j.items()) {
        if (v.is_string()) {
            out[k] = v.get<std::string>();
        } else if (v.is_boolean()) {
            out[k] = v.get<bool>() ? "true" : "false";
        } else if (v.is_number()) {
            // The number as it was written: get<int64_t> would wrap an unsigned value above 2^63 and
            // refuse a decimal such as an area of 2.5.
            out[k] = v.dump();
        } else if (v.is_null()) {
            continue;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

std::string DraftContentToJson(const Draft& d) {
    json j;
    j["answers"] = json::parse(AnswersToJson(d.answers));
    if (d.applicant) {
        const auto& a = *d.applicant;
        j["applicant"] = {{"kind", a.kind},       {"name", a.name},   {"id_number", a.id_number},
                          {"address", a.address}, {"phone", a.phone}, {"email", a.email}};
    }
    if (d.competent_unit_id) j["competent_unit_id"] = *d.competent_unit_id;
    j["result_delivery"] = d.result_delivery;
    json files = json::array();
    for (const auto& f : d.files) {
        files.push_back({{"position", f.position},
                         {"sha256", f.file.sha256},
                         {"name", f.file.name},
                         {"media_type", f.file.media_type},
                         {"size", f.file.size},
                         {"reused", f.reused}});
    }
    j["files"] = std::move(files);
    return j.dump();
}

bool DraftContentFromJson(std::string_view text, Draft& d) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return false;
    try {
        if (auto answers = AnswersFromJson(j.value("answers", json::object()).dump())) d.answers = *answers;
        if (j.contains("applicant") && j["applicant"].is_object()) {
            const auto& a = j["applicant"];
            d.applicant = Applicant{a.value("kind", "citizen"),  a.value("name", ""),  a.value("id_number", ""),
                                    a.value("address", ""),      a.value("phone", ""), a.value("email", "")};
        }
        if (j.contains("competent_unit_id") && j["competent_unit_id"].is_number_integer()) {
            d.competent_unit_id = j["competent_unit_id"].get<std::int64_t>();
        }
        d.result_delivery = j.value("result_delivery", "online");
        d.files.clear();
        for (const auto& f : j.value("files", json::array())) {
            d.files.push_back({f.value("position", 0),
                               {f.value("sha256", ""), f.value("name", ""), f.value("media_type", ""),
                                f.value("size", std::int64_t{0})},
                               f.value("reused", false)});
        }
    } catch (const json::exception&) {
        return false;
    }
    return true;
}

}  // namespace mocua::domain::dossier
