#include "domain/lookup/lookup_service.hpp"

#include "domain/catalog/catalog_service.hpp"
#include "domain/dossier/dossier_code.hpp"
#include "domain/lookup/masking.hpp"
#include "domain/org/units.hpp"

namespace mocua::domain::lookup {

namespace {

using dossier::State;

core::Error NotFound() { return core::Error::NotFound("lookup.not_found"); }
core::Error Throttled() { return core::Error{core::ErrorCode::kRateLimited, "lookup.throttled"}; }

// Comparing constant-time is not needed for four digits behind a throttle, but it costs nothing.
bool SameDigits(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned>(a[i] ^ b[i]);
    return diff == 0;
}

std::optional<bool> OnTime(const dossier::Dossier& d, core::TimePoint now) {
    if (d.state == State::kRefused || d.state == State::kStopped || d.state == State::kWithdrawalRequested) {
        return std::nullopt;
    }
    if (!d.due_at) return std::nullopt;
    const auto due = core::ParseUtc(*d.due_at);
    if (!due) return std::nullopt;
    if (d.resolved_at) {
        const auto resolved = core::ParseUtc(*d.resolved_at);
        if (resolved) return *resolved <= *due;
    }
    if (now > *due) return false;
    return std::nullopt;
}

}  // namespace

LookupService::LookupService(dossier::DossierRepository& dossiers, catalog::CatalogService& catalog,
                             org::UnitRepository& units, dossier::BlobStore& blobs,
                             const dossier::Signer* signer, MissLimiter& limiter, const core::Clock& clock)
    : dossiers_(dossiers),
      catalog_(catalog),
      units_(units),
      blobs_(blobs),
      signer_(signer),
      limiter_(limiter),
      clock_(clock) {}

core::Result<dossier::Dossier> LookupService::Load(std::string_view client, std::string_view code) {
    if (limiter_.Blocked(client)) return Throttled();
    // A malformed code is a miss like an unknown one, and never reaches the database.
    std::optional<dossier::Dossier> d;
    if (dossier::LooksLikeDossierCode(code)) d = dossiers_.FindByCode(code);
    if (!d) {
        limiter_.RecordMiss(client);
        return NotFound();
    }
    return std::move(*d);
}

core::Result<DossierStatus> LookupService::Find(std::string_view client, std::string_view code,
                                                std::string_view phone_last4) {
    auto loaded = Load(client, code);
    if (!loaded.ok()) return loaded.error();
    const dossier::Dossier& d = *loaded;
    DossierStatus s;
    s.code = d.code;
    s.procedure_code = d.procedure_code;
    if (auto v = catalog_.VersionById(d.procedure_version_id); v.ok()) {
        s.procedure_name_vi = v->procedure.name_vi;
        s.procedure_name_en = v->procedure.name_en;
    }
    s.state = d.state;
    s.received_at = d.received_at;
    s.due_at = d.due_at ? d.due_at : d.appointment_at;
    s.returned_at = d.returned_at;
    s.on_time = OnTime(d, clock_.Now());
    for (const auto& h : d.history) s.timeline.push_back({h.to, h.at});
    s.masked_name = MaskName(d.applicant.name);
    for (const auto& r : d.ratings) s.rated_at_kiosk = s.rated_at_kiosk || r.channel == "kiosk";
    s.has_result = d.result.has_value();
    if (!phone_last4.empty()) {
        const std::string expected = LastFourDigits(d.applicant.phone);
        if (expected.empty() || !SameDigits(expected, phone_last4)) {
            // A wrong factor is a miss: four digits must not be guessable at full speed either.
            limiter_.RecordMiss(client);
        } else {
            s.second_factor = true;
            s.applicant_name = d.applicant.name;
            s.appointment_at = d.appointment_at;
            if (auto unit = units_.Find(d.receiving_unit_id)) {
                s.receiving_unit_vi = unit->name_vi;
                s.receiving_unit_en = unit->name_en;
            }
        }
    }
    return s;
}

core::Result<ResultCheck> LookupService::VerifyResult(std::string_view client, std::string_view code) {
    auto loaded = Load(client, code);
    if (!loaded.ok()) return loaded.error();
    const dossier::Dossier& d = *loaded;
    // A result is public once it was handed over (state 10) or at least resolved (9); before that the
    // file can still be replaced, so nothing is confirmed.
    if (!d.result || (d.state != State::kResolved && d.state != State::kReturned)) return NotFound();
    ResultCheck c;
    c.code = d.code;
    if (auto v = catalog_.VersionById(d.procedure_version_id); v.ok()) {
        c.procedure_name_vi = v->procedure.name_vi;
        c.procedure_name_en = v->procedure.name_en;
    }
    if (auto unit = units_.Find(d.competent_unit_id)) {
        c.issuer_vi = unit->name_vi;
        c.issuer_en = unit->name_en;
    }
    c.issued_at = d.result->attached_at;
    c.sha256 = d.result->file.sha256;
    c.signature_scheme = d.result->signature_scheme;
    c.signer = d.result->signature_scheme.empty() ? "" : d.result->signer;
    if (!d.result->signature_scheme.empty()) {
        c.signature = ResultCheck::Signature::kInvalid;
        auto bytes = blobs_.Get(d.result->file.sha256);
        if (bytes.ok() && signer_ &&
            signer_->Verify(*bytes, dossier::Signature{d.result->signature_scheme, d.result->signature_key,
                                                       d.result->signature_value, d.result->signer})) {
            c.signature = ResultCheck::Signature::kValid;
        }
    }
    return c;
}

core::Result<void> LookupService::RateAtKiosk(std::string_view client, std::string_view code,
                                              std::string_view value, const audit::Actor& actor) {
    if (value != "very_satisfied" && value != "satisfied" && value != "dissatisfied") {
        return core::Error::InvalidArgument("dossier.rating");
    }
    auto loaded = Load(client, code);
    if (!loaded.ok()) return loaded.error();
    // The same write as DossierService::Rate, for a caller without an account: the kiosk channel has no
    // owner or officer to check, only the code, and one rating per dossier.
    return dossiers_.Write([&](dossier::DossierWriter& w) -> core::Result<void> {
        auto d = w.FindByCode(loaded->code);
        if (!d) return NotFound();
        if (d->state != State::kReturned) return core::Error::Conflict("dossier.state");
        for (const auto& r : d->ratings) {
            if (r.kind == "three_level" && r.channel == "kiosk")
                return core::Error::Conflict("dossier.already_rated");
        }
        const std::string now = core::FormatUtc(clock_.Now());
        d->ratings.push_back({static_cast<int>(d->ratings.size()) + 1, "three_level", std::string(value),
                              "kiosk", std::nullopt, now});
        d->updated_at = now;
        if (!w.Update(*d, d->version)) return core::Error::Conflict("dossier.changed");
        w.Audit({actor, "dossier.rate", "dossier", d->code,
                 "three_level=" + std::string(value) + " channel=kiosk"});
        return {};
    });
}

}  // namespace mocua::domain::lookup
