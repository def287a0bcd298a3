#pragma once
// What an issued form prints, kept as JSON in dossier_forms.data so the same document can be produced
// again at any time (and for imported dossiers): Mẫu 01 (receipt), Mẫu 02 (supplement request),
// Mẫu 03 (refusal). The PDF renderers take the domain::forms structs built from it.
//
// Thread-safety: pure functions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/org/units.hpp"
#include "domain/forms/notices.hpp"
#include "domain/forms/receipt.hpp"
#include "domain/forms/renderer.hpp"

namespace mocua::domain::dossier {

// The parts every reception form shares.
struct NoticeCommon {
    std::string authority_name;
    std::string receiving_section;
    std::string receiving_office;  // the section's name in normal case, for the sentences
    std::string place;
    std::string number;
    std::string dossier_code;
    std::string procedure_code;
    std::string applicant_name;
    std::string applicant_id;
    std::string request;  // the procedure's name
    forms::LocalDateTime received_at;
    std::string officer_name;
    std::string hotline;
    std::string issuing_system;
    forms::LocalDateTime issued_at;
    std::string lookup_url;
};

struct Dossier;
struct IntakeOptions;

// The common part of a notice about `dossier`, issued by `issuing` (its parent, when given, heads the
// form) at `now`; `officer` signs ("" prints a dotted blank for a hand-written name).
NoticeCommon MakeNoticeCommon(const Dossier& dossier, const std::string& procedure_name_vi,
                              const org::Unit& issuing, const std::optional<org::Unit>& authority,
                              const IntakeOptions& options, const std::string& officer, core::TimePoint now);

// The same with the issuing unit looked up by id (its parent heads the form). Error InvalidArgument
// "dossier.unit" when the unit does not exist.
core::Result<NoticeCommon> MakeNoticeCommon(const Dossier& dossier, const std::string& procedure_name_vi,
                                            org::UnitRepository& units, std::int64_t issuing_unit_id,
                                            const IntakeOptions& options, const std::string& officer,
                                            core::TimePoint now);

struct SupplementNotice {
    NoticeCommon common;
    struct Item {
        std::string what;
        std::string reason;
    };
    std::vector<Item> items;
};

struct RefusalNotice {  // Mẫu 03, and Mẫu 05 (stop notice) with the same shape
    NoticeCommon common;
    std::vector<std::string> reasons;
};

// Mẫu 04: apology and extension.
struct ExtensionNotice {
    NoticeCommon common;
    std::string reason;
    forms::LocalDateTime old_appointment;
    forms::LocalDateTime new_appointment;
};

std::string ReceiptToJson(const forms::ReceiptData& data);
// Error InvalidArgument "dossier.form_data" when the JSON is not a receipt.
core::Result<forms::ReceiptData> ReceiptFromJson(std::string_view json);

std::string SupplementToJson(const SupplementNotice& notice);
core::Result<SupplementNotice> SupplementFromJson(std::string_view json);

std::string RefusalToJson(const RefusalNotice& notice);
core::Result<RefusalNotice> RefusalFromJson(std::string_view json);

std::string ExtensionToJson(const ExtensionNotice& notice);
core::Result<ExtensionNotice> ExtensionFromJson(std::string_view json);

// The PDF of an issued form ("01", "02" or "03") from its stored data. Errors: "dossier.form_data" for
// data that does not decode, and the renderer's.
core::Result<std::string> RenderIssuedForm(const forms::DocumentRenderer& renderer, std::string_view form,
                                           std::string_view data);

// What the renderers print (domain/forms/notices.hpp). Mẫu 04 and 05 are signed by the head of the
// agency that decides; `signer_title` is printed above the name.
forms::ApologyData ToApologyData(const ExtensionNotice& notice, std::string signer_title);
forms::StopNoticeData ToStopNoticeData(const RefusalNotice& notice, std::string signer_title);
inline constexpr const char* kAgencyHeadTitle = "THỦ TRƯỞNG CƠ QUAN";
// The signer's name when the caller has none: a dotted blank to fill in by hand.
inline constexpr const char* kUnnamedSigner = "……………………………";
forms::SupplementRequestData ToSupplementRequestData(const SupplementNotice& notice);
forms::RefusalData ToRefusalData(const RefusalNotice& notice);

}  // namespace mocua::domain::dossier
