#pragma once
// The public dossier lookup (issue 8; docs/adr/0070-public-lookup-and-kiosk.md): the status of a dossier
// by the code on its receipt, without sign-in, for the /lookup page, the kiosk and GET /api/v1/lookup.
//
// What anyone with the code sees: the procedure, the state, the received, due and returned times, the
// on-time mark, the timeline of states (no notes, no actors) and the applicant's masked name. With the
// second factor (the last four digits of the applicant's phone) also the full applicant name, the
// receiving unit and the appointment time; never an address, ID number, phone or document.
//
// Misses — a malformed code, an unknown one, a wrong second factor — drain the client's MissLimiter
// bucket; once it is empty every lookup from that client is refused (RateLimited) until it refills.
// Unknown and malformed codes give the same NotFound, so a caller cannot tell them apart.
//
// Anyone may also verify a result (the QR printed on a result leads there): the issuing unit, the
// date, the file's SHA-256 and whether the stored signature checks out against the stored bytes. And
// anyone with the code may give the three-level rating at the kiosk once a dossier is returned (one per
// dossier on the "kiosk" channel).
//
// Errors: NotFound "lookup.not_found"; RateLimited "lookup.throttled"; InvalidArgument "dossier.rating"
// (a bad rating value); Conflict "dossier.state" (not returned yet), "dossier.already_rated".
// Thread-safety: safe to share if the ports are.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/dossier/blob_store.hpp"
#include "domain/dossier/model.hpp"
#include "domain/dossier/repository.hpp"
#include "domain/dossier/signer.hpp"
#include "domain/lookup/miss_limiter.hpp"

namespace mocua::domain::catalog {
class CatalogService;
}
namespace mocua::domain::org {
class UnitRepository;
}

namespace mocua::domain::lookup {

struct TimelineEntry {
    dossier::State state = dossier::State::kNew;
    std::string at;  // core::FormatUtc
};

struct DossierStatus {
    std::string code;
    std::string procedure_code;
    std::string procedure_name_vi;
    std::string procedure_name_en;
    dossier::State state = dossier::State::kNew;
    std::optional<std::string> received_at;
    std::optional<std::string> due_at;
    std::optional<std::string> returned_at;
    // True/false once the dossier was resolved (by its due time or not), false while it is overdue;
    // nullopt while it is still in time, and for refused, stopped or withdrawn dossiers.
    std::optional<bool> on_time;
    std::vector<TimelineEntry> timeline;
    std::string masked_name;
    bool rated_at_kiosk = false;  // the kiosk's three-level rating was given
    bool has_result = false;      // a result file is stored (verifiable)
    // With the right second factor only.
    bool second_factor = false;
    std::optional<std::string> applicant_name;
    std::optional<std::string> receiving_unit_vi;
    std::optional<std::string> receiving_unit_en;
    std::optional<std::string> appointment_at;
};

// The public facts of a result file.
struct ResultCheck {
    std::string code;
    std::string procedure_name_vi;
    std::string procedure_name_en;
    std::string issuer_vi;  // the competent unit
    std::string issuer_en;
    std::string issued_at;  // when the result file was attached
    std::string sha256;
    std::string signature_scheme;  // "" when unsigned
    std::string signer;
    enum class Signature { kNone, kValid, kInvalid } signature = Signature::kNone;
};

class LookupService {
public:
    // `signer` may be null (signatures then count as not checkable: kInvalid for a signed result).
    LookupService(dossier::DossierRepository& dossiers, catalog::CatalogService& catalog,
                  org::UnitRepository& units, dossier::BlobStore& blobs, const dossier::Signer* signer,
                  MissLimiter& limiter, const core::Clock& clock);

    // The status of the dossier `code` for `client` (its address). `phone_last4` "" for none.
    core::Result<DossierStatus> Find(std::string_view client, std::string_view code,
                                     std::string_view phone_last4);
    // The public facts of the dossier's result; NotFound also before there is a result.
    core::Result<ResultCheck> VerifyResult(std::string_view client, std::string_view code);
    // The three-level rating at the kiosk (value: very_satisfied, satisfied, dissatisfied), audited as
    // "dossier.rate" with channel=kiosk.
    core::Result<void> RateAtKiosk(std::string_view client, std::string_view code, std::string_view value,
                                   const audit::Actor& actor);

    MissLimiter& limiter() { return limiter_; }

private:
    // The dossier or a miss (recorded); RateLimited when the client is blocked.
    core::Result<dossier::Dossier> Load(std::string_view client, std::string_view code);

    dossier::DossierRepository& dossiers_;
    catalog::CatalogService& catalog_;
    org::UnitRepository& units_;
    dossier::BlobStore& blobs_;
    const dossier::Signer* signer_;
    MissLimiter& limiter_;
    const core::Clock& clock_;
};

}  // namespace mocua::domain::lookup
