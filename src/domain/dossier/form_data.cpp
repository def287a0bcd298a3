#include "domain/dossier/form_data.hpp"

#include <nlohmann/json.hpp>

#include "core/text/text.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/dossier/time_rules.hpp"

namespace mocua::domain::dossier {

namespace {

using nlohmann::json;

json TimeToJson(const forms::LocalDateTime& t) {
    return {t.year, t.month, t.day, t.hour, t.minute, t.utc_offset_minutes};
}

forms::LocalDateTime TimeFromJson(const json& j) {
    forms::LocalDateTime t;
    if (!j.is_array() || j.size() != 6) throw json::other_error::create(501, "time", nullptr);
    t.year = j[0].get<int>();
    t.month = j[1].get<int>();
    t.day = j[2].get<int>();
    t.hour = j[3].get<int>();
    t.minute = j[4].get<int>();
    t.utc_offset_minutes = j[5].get<int>();
    return t;
}

json CommonToJson(const NoticeCommon& c) {
    return {{"authority_name", c.authority_name}, {"receiving_section", c.receiving_section},
            {"receiving_office", c.receiving_office}, {"place", c.place},                   {"number", c.number},
            {"dossier_code", c.dossier_code},     {"procedure_code", c.procedure_code},
            {"applicant_name", c.applicant_name}, {"applicant_id", c.applicant_id},
            {"request", c.request},               {"received_at", TimeToJson(c.received_at)},
            {"officer_name", c.officer_name},     {"hotline", c.hotline},
            {"issuing_system", c.issuing_system}, {"issued_at", TimeToJson(c.issued_at)},
            {"lookup_url", c.lookup_url}};
}

NoticeCommon CommonFromJson(const json& j) {
    NoticeCommon c;
    c.authority_name = j.at("authority_name").get<std::string>();
    c.receiving_section = j.at("receiving_section").get<std::string>();
    c.receiving_office = j.value("receiving_office", "");
    c.place = j.at("place").get<std::string>();
    c.number = j.at("number").get<std::string>();
    c.dossier_code = j.at("dossier_code").get<std::string>();
    c.procedure_code = j.at("procedure_code").get<std::string>();
    c.applicant_name = j.at("applicant_name").get<std::string>();
    c.applicant_id = j.at("applicant_id").get<std::string>();
    c.request = j.at("request").get<std::string>();
    c.received_at = TimeFromJson(j.at("received_at"));
    c.officer_name = j.at("officer_name").get<std::string>();
    c.hotline = j.at("hotline").get<std::string>();
    c.issuing_system = j.at("issuing_system").get<std::string>();
    c.issued_at = TimeFromJson(j.at("issued_at"));
    c.lookup_url = j.value("lookup_url", "");
    return c;
}

template <typename T, typename F>
core::Result<T> Decode(std::string_view text, F&& f) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return core::Error::InvalidArgument("dossier.form_data");
    try {
        return f(j);
    } catch (const json::exception&) {
        return core::Error::InvalidArgument("dossier.form_data");
    }
}

}  // namespace

NoticeCommon MakeNoticeCommon(const Dossier& d, const std::string& procedure_name_vi, const org::Unit& issuing,
                              const std::optional<org::Unit>& authority, const IntakeOptions& o,
                              const std::string& officer, core::TimePoint now) {
    NoticeCommon c;
    c.authority_name = core::text::ToUpperVietnamese(authority ? authority->name_vi : issuing.name_vi);
    c.receiving_section = core::text::ToUpperVietnamese(issuing.name_vi);
    c.receiving_office = issuing.name_vi;
    c.place = o.place;
    c.number = std::to_string(d.id) + "/" + issuing.code;
    c.dossier_code = d.code;
    c.procedure_code = d.procedure_code;
    c.applicant_name = d.applicant.name;
    c.applicant_id = d.applicant.id_number;
    c.request = procedure_name_vi;
    c.received_at = VietnamWallClock(core::ParseUtc(d.received_at.value_or(d.submitted_at)).value_or(now));
    // Without a name (a call from the API or the command line) the form keeps a dotted blank for the
    // signer to write by hand, as paper forms do.
    c.officer_name = officer.empty() ? std::string(kUnnamedSigner) : officer;
    c.hotline = o.hotline;
    c.issuing_system = o.issuing_system;
    c.issued_at = VietnamWallClock(now);
    if (!o.public_url.empty()) c.lookup_url = o.public_url + "/lookup?code=" + d.code;
    return c;
}

core::Result<NoticeCommon> MakeNoticeCommon(const Dossier& d, const std::string& procedure_name_vi,
                                            org::UnitRepository& units, std::int64_t issuing_unit_id,
                                            const IntakeOptions& o, const std::string& officer, core::TimePoint now) {
    const auto issuing = units.Find(issuing_unit_id);
    if (!issuing) return core::Error::InvalidArgument("dossier.unit");
    std::optional<org::Unit> authority;
    if (issuing->parent_id) authority = units.Find(*issuing->parent_id);
    return MakeNoticeCommon(d, procedure_name_vi, *issuing, authority, o, officer, now);
}

std::string ReceiptToJson(const forms::ReceiptData& d) {
    json components = json::array();
    for (const auto& c : d.components) {
        components.push_back({{"name", c.name}, {"kind", static_cast<int>(c.kind)}, {"quantity", c.quantity}});
    }
    json j = {{"authority_name", d.authority_name},
              {"receiving_section", d.receiving_section},
              {"place", d.place},
              {"number", d.number},
              {"dossier_code", d.dossier_code},
              {"procedure_code", d.procedure_code},
              {"applicant_name", d.applicant_name},
              {"applicant_id", d.applicant_id},
              {"address", d.address},
              {"phone", d.phone},
              {"email", d.email},
              {"request", d.request},
              {"components", components},
              {"number_of_sets", d.number_of_sets},
              {"legal_time_limit", d.legal_time_limit},
              {"received_at", TimeToJson(d.received_at)},
              {"appointment_at", TimeToJson(d.appointment_at)},
              {"result_delivery", d.result_delivery},
              {"fees", d.fees},
              {"register_book", d.register_book},
              {"register_serial", d.register_serial},
              {"receiver_name", d.receiver_name},
              {"hotline", d.hotline},
              {"issuing_system", d.issuing_system},
              {"issued_at", TimeToJson(d.issued_at)},
              {"lookup_url", d.lookup_url}};
    return j.dump();
}

core::Result<forms::ReceiptData> ReceiptFromJson(std::string_view text) {
    return Decode<forms::ReceiptData>(text, [](const json& j) {
        forms::ReceiptData d;
        d.authority_name = j.at("authority_name").get<std::string>();
        d.receiving_section = j.at("receiving_section").get<std::string>();
        d.place = j.at("place").get<std::string>();
        d.number = j.at("number").get<std::string>();
        d.dossier_code = j.at("dossier_code").get<std::string>();
        d.procedure_code = j.at("procedure_code").get<std::string>();
        d.applicant_name = j.at("applicant_name").get<std::string>();
        d.applicant_id = j.at("applicant_id").get<std::string>();
        d.address = j.at("address").get<std::string>();
        d.phone = j.at("phone").get<std::string>();
        d.email = j.at("email").get<std::string>();
        d.request = j.at("request").get<std::string>();
        for (const auto& c : j.at("components")) {
            const int kind = c.at("kind").get<int>();
            if (kind < 0 || kind > 2) throw json::other_error::create(501, "kind", nullptr);
            d.components.push_back({c.at("name").get<std::string>(), static_cast<forms::CopyKind>(kind),
                                    c.at("quantity").get<int>()});
        }
        d.number_of_sets = j.at("number_of_sets").get<int>();
        d.legal_time_limit = j.at("legal_time_limit").get<std::string>();
        d.received_at = TimeFromJson(j.at("received_at"));
        d.appointment_at = TimeFromJson(j.at("appointment_at"));
        d.result_delivery = j.at("result_delivery").get<std::string>();
        d.fees = j.at("fees").get<std::string>();
        d.register_book = j.at("register_book").get<std::string>();
        d.register_serial = j.at("register_serial").get<std::string>();
        d.receiver_name = j.at("receiver_name").get<std::string>();
        d.hotline = j.at("hotline").get<std::string>();
        d.issuing_system = j.at("issuing_system").get<std::string>();
        d.issued_at = TimeFromJson(j.at("issued_at"));
        d.lookup_url = j.value("lookup_url", "");
        return d;
    });
}

std::string SupplementToJson(const SupplementNotice& n) {
    json items = json::array();
    for (const auto& i : n.items) items.push_back({{"what", i.what}, {"reason", i.reason}});
    json j = CommonToJson(n.common);
    j["items"] = std::move(items);
    return j.dump();
}

core::Result<SupplementNotice> SupplementFromJson(std::string_view text) {
    return Decode<SupplementNotice>(text, [](const json& j) {
        SupplementNotice n;
        n.common = CommonFromJson(j);
        for (const auto& i : j.at("items")) {
            n.items.push_back({i.at("what").get<std::string>(), i.at("reason").get<std::string>()});
        }
        return n;
    });
}

std::string RefusalToJson(const RefusalNotice& n) {
    json j = CommonToJson(n.common);
    j["reasons"] = n.reasons;
    return j.dump();
}

core::Result<RefusalNotice> RefusalFromJson(std::string_view text) {
    return Decode<RefusalNotice>(text, [](const json& j) {
        RefusalNotice n;
        n.common = CommonFromJson(j);
        n.reasons = j.at("reasons").get<std::vector<std::string>>();
        return n;
    });
}

std::string ExtensionToJson(const ExtensionNotice& n) {
    json j = CommonToJson(n.common);
    j["reason"] = n.reason;
    j["old_appointment"] = TimeToJson(n.old_appointment);
    j["new_appointment"] = TimeToJson(n.new_appointment);
    return j.dump();
}

core::Result<ExtensionNotice> ExtensionFromJson(std::string_view text) {
    return Decode<ExtensionNotice>(text, [](const json& j) {
        ExtensionNotice n;
        n.common = CommonFromJson(j);
        n.reason = j.at("reason").get<std::string>();
        n.old_appointment = TimeFromJson(j.at("old_appointment"));
        n.new_appointment = TimeFromJson(j.at("new_appointment"));
        return n;
    });
}

namespace {

template <typename T>
void FillCommon(const NoticeCommon& c, T& out) {
    out.header.authority_name = c.authority_name;
    out.header.receiving_section = c.receiving_section;
    out.header.place = c.place;
    out.header.number = c.number;
    out.receiving_office = c.receiving_office;
    out.dossier_code = c.dossier_code;
    out.procedure_code = c.procedure_code;
    out.applicant_name = c.applicant_name;
    out.applicant_id = c.applicant_id;
    out.request = c.request;
    out.received_at = c.received_at;
    out.officer_name = c.officer_name;
    out.hotline = c.hotline;
    out.issuing_system = c.issuing_system;
    out.issued_at = c.issued_at;
    out.lookup_url = c.lookup_url;
}

}  // namespace

forms::SupplementRequestData ToSupplementRequestData(const SupplementNotice& notice) {
    forms::SupplementRequestData out;
    FillCommon(notice.common, out);
    for (const auto& i : notice.items) out.items.push_back({i.what, i.reason});
    return out;
}

forms::RefusalData ToRefusalData(const RefusalNotice& notice) {
    forms::RefusalData out;
    FillCommon(notice.common, out);
    out.reasons = notice.reasons;
    return out;
}

namespace {

// The parts Mẫu 04 and 05 share: header, agency, identification, signer, QR.
template <typename T>
void FillSigned(const NoticeCommon& c, std::string signer_title, T& out) {
    out.header.authority_name = c.authority_name;
    out.header.receiving_section = c.receiving_section;
    out.header.place = c.place;
    out.header.number = c.number;
    out.agency_name = c.receiving_office;
    out.dossier_code = c.dossier_code;
    out.procedure_code = c.procedure_code;
    out.applicant_name = c.applicant_name;
    out.applicant_id = c.applicant_id;
    out.request = c.request;
    out.received_at = c.received_at;
    out.signer_title = std::move(signer_title);
    out.signer_name = c.officer_name;
    out.hotline = c.hotline;
    out.issuing_system = c.issuing_system;
    out.issued_at = c.issued_at;
    out.lookup_url = c.lookup_url;
}

}  // namespace

forms::ApologyData ToApologyData(const ExtensionNotice& n, std::string signer_title) {
    forms::ApologyData out;
    FillSigned(n.common, std::move(signer_title), out);
    out.original_appointment = n.old_appointment;
    out.reason = n.reason;
    out.new_appointment = n.new_appointment;
    return out;
}

forms::StopNoticeData ToStopNoticeData(const RefusalNotice& n, std::string signer_title) {
    forms::StopNoticeData out;
    FillSigned(n.common, std::move(signer_title), out);
    out.reasons = n.reasons;
    return out;
}

core::Result<std::string> RenderIssuedForm(const forms::DocumentRenderer& renderer, std::string_view form,
                                           std::string_view data) {
    if (form == "04") {
        auto n = ExtensionFromJson(data);
        if (!n.ok()) return n.error();
        return renderer.Apology(ToApologyData(*n, kAgencyHeadTitle));
    }
    if (form == "05") {
        auto n = RefusalFromJson(data);
        if (!n.ok()) return n.error();
        return renderer.StopNotice(ToStopNoticeData(*n, kAgencyHeadTitle));
    }
    if (form == "01") {
        auto r = ReceiptFromJson(data);
        if (!r.ok()) return r.error();
        return renderer.Receipt(*r);
    }
    if (form == "02") {
        auto n = SupplementFromJson(data);
        if (!n.ok()) return n.error();
        return renderer.SupplementRequest(ToSupplementRequestData(*n));
    }
    if (form == "03") {
        auto n = RefusalFromJson(data);
        if (!n.ok()) return n.error();
        return renderer.Refusal(ToRefusalData(*n));
    }
    return core::Error::InvalidArgument("dossier.form_data");
}

}  // namespace mocua::domain::dossier
