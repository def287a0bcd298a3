#pragma once
// A test installation for the payments module on one engine: units (province 48 → Phường An Phú → its
// one-stop centre 000.00.12.H48), the catalogue tests/data/catalogue/small.json, one dossier of
// procedure 1.004227 (fee 50,000 VND) in state 6 inserted as intake would, and the payment service
// with the SOCI repository and the libsodium signer. Notifications are signed here with OpenSSL's HMAC
// over the canonical string, independently of the signer under test.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <soci/soci.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/vnpay/vnpay_signer.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/payments/payment_service.hpp"
#include "integration/identity_fixture.hpp"
#include "persistence/catalog_repository.hpp"
#include "persistence/payment_repository.hpp"

namespace mocua::testing {

namespace payments = domain::payments;
using domain::org::UnitType;
using payments::IpnCode;
using payments::Params;

inline const std::string kSecret = "SANDBOXSECRETKEY0123456789ABCDEF";
inline const std::string kMerchant = "MOCUA001";
inline const std::string kDossier = "000.00.12.H48-261127-0001";

inline std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// PHP-urlencode, written again here so the test does not lean on the code under test.
inline std::string Enc(const std::string& in) {
    std::string out;
    char buf[4];
    for (unsigned char c : in) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

// Signs `fields` (a sorted map, as the gateway does) and returns them with vnp_SecureHash.
inline Params SignAsGateway(const std::map<std::string, std::string>& fields,
                            const std::string& secret = kSecret) {
    std::string data;
    for (const auto& [k, v] : fields) data += (data.empty() ? "" : "&") + Enc(k) + "=" + Enc(v);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha512(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
    std::string hex;
    char b[3];
    for (unsigned i = 0; i < len; ++i) {
        std::snprintf(b, sizeof b, "%02x", mac[i]);
        hex += b;
    }
    Params p(fields.begin(), fields.end());
    p.emplace_back("vnp_SecureHash", hex);
    return p;
}

inline std::map<std::string, std::string> Notification(const payments::PaymentRequest& r,
                                                       const std::string& response,
                                                       long long amount_times_100) {
    return {{"vnp_Amount", std::to_string(amount_times_100)},
            {"vnp_BankCode", "NCB"},
            {"vnp_OrderInfo", r.purpose},
            {"vnp_PayDate", "20261127093512"},
            {"vnp_ResponseCode", response},
            {"vnp_TmnCode", kMerchant},
            {"vnp_TransactionNo", "14980726"},
            {"vnp_TransactionStatus", response == "00" ? "00" : "02"},
            {"vnp_TxnRef", r.txn_ref}};
}

// Records the settled dossiers, as the dossier module would be told.
class RecordingLink final : public payments::DossierLink {
public:
    void OnSettled(const domain::audit::Actor&, std::string_view code, std::string_view ref) override {
        std::lock_guard lock(mu);
        settled.emplace_back(std::string(code), std::string(ref));
    }
    std::mutex mu;
    std::vector<std::pair<std::string, std::string>> settled;
};

class Installation {
public:
    explicit Installation(db::Engine engine,
                          payments::GatewaySettings settings = {kMerchant, "http://127.0.0.1:9/pay",
                                                                "http://127.0.0.1:8080/payments/return",
                                                                std::chrono::minutes(15)})
        : stack(engine),
          catalog_repo(stack.tdb.db(), stack.crypto, stack.clock),
          catalog(catalog_repo, stack.crypto, stack.clock),
          repo(stack.tdb.db(), stack.crypto, stack.clock),
          signer(kSecret),
          service(repo, signer, std::move(settings), stack.clock, &link) {
        stack.clock.Set(*core::ParseUtc("2026-11-27T02:00:00.000Z"));
        auto j = nlohmann::json::parse(
            ReadFile(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/small.json"));
        j.erase("forms");
        for (auto& p : j["procedures"])
            for (auto& c : p["components"]) c.erase("form");
        auto parsed = domain::catalog::ParseCatalogueJson(j.dump(), "test.json");
        auto imported = catalog.Import(parsed.catalogue, parsed.sources, TestActor(), {});
        EXPECT_TRUE(imported.ok());
        const std::optional<std::string> from = "2025-07-01";
        auto province = Unit({"48", "Tỉnh Quảng Trị", "", UnitType::kProvince, {}, from, {}});
        auto commune = Unit({"20194", "Phường An Phú", "", UnitType::kCommune, province, from, {}});
        centre = Unit({"000.00.12.H48",
                       "Trung tâm phục vụ hành chính công phường An Phú",
                       "",
                       UnitType::kOneStopCentre,
                       commune,
                       from,
                       {}});
        auto version = catalog.VersionInForceOn("1.004227", "2026-11-27");
        EXPECT_TRUE(version.ok());
        long long v = version.ok() ? version->id : 0, u = centre;
        db::Connection c = stack.tdb.db().Acquire();
        c.sql()
            << "INSERT INTO dossiers (code, procedure_code, procedure_version_id, applicant_kind, "
               "applicant_name, "
               "channel, state, receiving_unit_id, competent_unit_id, submitted_at, created_at, updated_at) "
               "VALUES (:code, '1.004227', :v, 'citizen', 'Nguyễn Văn An', 2, 6, :u, :u, "
               "'2026-11-27T01:00:00.000Z', '2026-11-27T01:00:00.000Z', '2026-11-27T01:00:00.000Z')",
            soci::use(kDossier, "code"), soci::use(v, "v"), soci::use(u, "u");
    }

    std::int64_t Unit(domain::org::NewUnit u) {
        auto created = stack.org.Create(std::move(u), TestActor());
        EXPECT_TRUE(created.ok());
        return created.ok() ? created->id : 0;
    }

    payments::PaymentRequest NewRequest() {
        auto r =
            service.Create(TestActor(), kDossier, {{"Lệ phí cấp giấy chứng nhận", "Certificate fee", 50000}},
                           "Nguyễn Văn An", std::nullopt, "Le phi ho so " + kDossier);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? *r : payments::PaymentRequest{};
    }

    long long Count(const std::string& query) {
        db::Connection c = stack.tdb.db().Acquire();
        long long n = 0;
        c.sql() << query, soci::into(n);
        return n;
    }

    int OnlineFlag() {
        db::Connection c = stack.tdb.db().Acquire();
        int flag = 0;
        soci::indicator ind = soci::i_null;
        c.sql() << "SELECT f.online_payment FROM dossier_sync_facts f JOIN dossiers d ON d.id = f.dossier_id "
                   "WHERE d.code = :c",
            soci::use(kDossier, "c"), soci::into(flag, ind);
        return ind == soci::i_ok ? flag : 0;
    }

    ::mocua::testing::IdentityStack stack;
    persistence::SqlCatalogRepository catalog_repo;
    domain::catalog::CatalogService catalog;
    persistence::SqlPaymentRepository repo;
    adapters::VnpayHmacSigner signer;
    RecordingLink link;
    payments::PaymentService service;
    std::int64_t centre = 0;
};

}  // namespace mocua::testing
