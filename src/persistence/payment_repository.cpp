#include "persistence/payment_repository.hpp"

#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <random>

#include "db/database.hpp"
#include "domain/payments/reconciliation.hpp"
#include "persistence/audit_repository.hpp"

namespace mocua::persistence {

namespace payments = domain::payments;
using payments::PaymentRequest;

namespace {

constexpr const char* kColumns =
    "p.id, p.txn_ref, p.dossier_id, d.code, p.unit_id, p.amount_vnd, p.lines, p.payer_name, "
    "p.payer_account_id, "
    "p.purpose, p.state, p.method, p.created_at, p.expires_at, p.settled_at, p.gateway_transaction_no, "
    "p.gateway_response_code, p.bank_code, p.proof_blob, p.recorded_by "
    "FROM payment_requests p JOIN dossiers d ON d.id = p.dossier_id ";

std::string LinesJson(const std::vector<payments::FeeLine>& lines) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& l : lines)
        a.push_back({{"name_vi", l.name_vi}, {"name_en", l.name_en}, {"amount_vnd", l.amount_vnd}});
    return a.dump();
}

std::vector<payments::FeeLine> ParseLines(const std::string& text) {
    std::vector<payments::FeeLine> out;
    auto a = nlohmann::json::parse(text, nullptr, false);
    if (!a.is_array()) return out;
    for (const auto& l : a)
        out.push_back(
            {l.value("name_vi", ""), l.value("name_en", ""), l.value("amount_vnd", std::int64_t{0})});
    return out;
}

// Integers come back as long long on PostgreSQL (BIGINT) and as int or long long on SQLite depending on
// the value; this reads any of them.
long long RowInt(const soci::row& r, std::size_t i) {
    switch (r.get_properties(i).get_data_type()) {
        case soci::dt_integer:
            return r.get<int>(i);
        case soci::dt_unsigned_long_long:
            return static_cast<long long>(r.get<unsigned long long>(i));
        default:
            return r.get<long long>(i);
    }
}

std::string RowText(const soci::row& r, std::size_t i) {
    return r.get_indicator(i) == soci::i_null ? std::string() : r.get<std::string>(i);
}

// The request from kColumns starting at column `base` (columns before it belong to the caller).
PaymentRequest FromRow(const soci::row& r, std::size_t base = 0) {
    auto integer = [&](std::size_t i) -> long long { return RowInt(r, base + i); };
    auto text = [&](std::size_t i) -> std::string { return RowText(r, base + i); };
    PaymentRequest p;
    p.id = integer(0);
    p.txn_ref = text(1);
    p.dossier_id = integer(2);
    p.dossier_code = text(3);
    p.unit_id = integer(4);
    p.amount_vnd = integer(5);
    p.lines = ParseLines(text(6));
    p.payer_name = text(7);
    if (r.get_indicator(base + 8) != soci::i_null) p.payer_account_id = integer(8);
    p.purpose = text(9);
    p.state = payments::ParseState(text(10)).value_or(payments::State::kPending);
    if (r.get_indicator(base + 11) != soci::i_null) p.method = payments::ParseMethod(text(11));
    p.created_at = text(12);
    p.expires_at = text(13);
    p.settled_at = text(14);
    p.gateway_transaction_no = text(15);
    p.gateway_response_code = text(16);
    p.bank_code = text(17);
    p.proof_blob = text(18);
    if (r.get_indicator(base + 19) != soci::i_null) p.recorded_by = integer(19);
    return p;
}

// "MC" + the day (UTC) + 10 random digits: unique with the UNIQUE constraint as the guard, and not
// reused after a database is restored from an older backup, as an id-based reference would be (the
// gateway refuses a reference it has seen).
std::string NewTxnRef(const std::string& created_at) {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_int_distribution<unsigned long long> digits(0, 9'999'999'999ULL);
    std::string day;
    for (char c : created_at.substr(0, 10))
        if (c != '-') day += c;
    std::string n = std::to_string(digits(rng));
    return "MC" + day + std::string(10 - n.size(), '0') + n;
}

}  // namespace

template <typename Key>
std::vector<PaymentRequest> SqlPaymentRepository::Query(const std::string& where, const Key& key, int limit) {
    auto c = db_.Acquire();
    std::vector<PaymentRequest> out;
    const std::string sql = std::string("SELECT ") + kColumns + where + " LIMIT " + std::to_string(limit);
    soci::rowset<soci::row> rows = (c.sql().prepare << sql, soci::use(key, "key"));
    for (const auto& r : rows) out.push_back(FromRow(r));
    return out;
}

core::Result<PaymentRequest> SqlPaymentRepository::Create(const payments::NewRequest& request,
                                                          const domain::audit::Actor& actor) {
    auto sum = payments::SumLines(request.lines).value_or(0);
    const std::string lines = LinesJson(request.lines);
    auto outcome = db_.InTransaction([&](soci::session& sql) -> core::Result<long long> {
        long long dossier_id = 0, unit_id = 0;
        soci::indicator ind = soci::i_null;
        sql << "SELECT id, receiving_unit_id FROM dossiers WHERE code = :code",
            soci::use(request.dossier_code, "code"), soci::into(dossier_id, ind), soci::into(unit_id);
        if (!sql.got_data() || ind != soci::i_ok) return core::Error::NotFound("payments.dossier");
        long long payer = request.payer_account_id.value_or(0);
        soci::indicator payer_ind = request.payer_account_id ? soci::i_ok : soci::i_null;
        long long amount = sum;
        const std::string ref = NewTxnRef(request.created_at);
        long long id = 0;
        sql << "INSERT INTO payment_requests (txn_ref, dossier_id, unit_id, amount_vnd, lines, payer_name, "
               "payer_account_id, purpose, state, created_at, expires_at) VALUES (:ref, :dossier, :unit, "
               ":amount, "
               ":lines, :payer_name, :payer, :purpose, 'pending', :created, :expires) RETURNING id",
            soci::use(ref, "ref"), soci::use(dossier_id, "dossier"), soci::use(unit_id, "unit"),
            soci::use(amount, "amount"), soci::use(lines, "lines"),
            soci::use(request.payer_name, "payer_name"), soci::use(payer, payer_ind, "payer"),
            soci::use(request.purpose, "purpose"), soci::use(request.created_at, "created"),
            soci::use(request.expires_at, "expires"), soci::into(id);
        // The fees the dossier carries to the national portal (DanhSachLePhi), from the request.
        nlohmann::json fees = nlohmann::json::array();
        for (const auto& l : request.lines)
            fees.push_back({{"TenPhiLePhi", l.name_vi}, {"MucPhi", l.amount_vnd}});
        const std::string fees_text = fees.dump();
        sql << "INSERT INTO dossier_sync_facts (dossier_id, fees) VALUES (:d, :f) "
               "ON CONFLICT (dossier_id) DO UPDATE SET fees = excluded.fees",
            soci::use(dossier_id, "d"), soci::use(fees_text, "f");
        AppendAudit(sql, hasher_, clock_,
                    {actor, "payment.request", "payment_request", std::to_string(id),
                     "dossier=" + std::to_string(dossier_id) + " amount=" + std::to_string(amount)});
        return id;
    });
    if (!outcome) return outcome.error();
    auto stored = FindById(*outcome);
    if (!stored) return core::Error::Internal("payment request vanished after insert");
    return *stored;
}

std::optional<PaymentRequest> SqlPaymentRepository::FindByRef(std::string_view txn_ref) {
    auto rows = Query("WHERE p.txn_ref = :key", std::string(txn_ref), 1);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::optional<PaymentRequest> SqlPaymentRepository::FindById(std::int64_t id) {
    auto rows = Query("WHERE p.id = :key", static_cast<long long>(id), 1);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::vector<PaymentRequest> SqlPaymentRepository::ListForDossier(std::string_view dossier_code) {
    return Query("WHERE d.code = :key ORDER BY p.id DESC", std::string(dossier_code), 1000);
}

std::vector<PaymentRequest> SqlPaymentRepository::ListPending(int limit) {
    return Query("WHERE p.state = :key ORDER BY p.expires_at, p.id", std::string("pending"), limit);
}

payments::SettleOutcome SqlPaymentRepository::Settle(std::int64_t id, const payments::Settlement& s,
                                                     const domain::audit::Event& event) {
    return db_.InTransaction([&](soci::session& sql) {
        long long row_id = id;
        const std::string state(payments::StateName(s.state));
        std::string method = s.method ? std::string(payments::MethodName(*s.method)) : std::string();
        soci::indicator method_ind = s.method ? soci::i_ok : soci::i_null;
        long long by = s.recorded_by.value_or(0);
        soci::indicator by_ind = s.recorded_by ? soci::i_ok : soci::i_null;
        soci::statement st =
            (sql.prepare << "UPDATE payment_requests SET state = :state, method = :method, settled_at = :at, "
                            "gateway_transaction_no = :txn, gateway_response_code = :rc, bank_code = :bank, "
                            "proof_blob = :proof, recorded_by = :by WHERE id = :id AND state = 'pending'",
             soci::use(state, "state"), soci::use(method, method_ind, "method"), soci::use(s.at, "at"),
             soci::use(s.transaction_no, "txn"), soci::use(s.response_code, "rc"),
             soci::use(s.bank_code, "bank"), soci::use(s.proof_blob, "proof"), soci::use(by, by_ind, "by"),
             soci::use(row_id, "id"));
        st.execute(true);
        if (st.get_affected_rows() != 1) {
            long long n = 0;
            sql << "SELECT COUNT(*) FROM payment_requests WHERE id = :id", soci::use(row_id, "id"),
                soci::into(n);
            return n == 0 ? payments::SettleOutcome::kNotFound : payments::SettleOutcome::kAlreadySettled;
        }
        if (s.online_payment_flag != 0) {
            int flag = s.online_payment_flag;
            sql << "INSERT INTO dossier_sync_facts (dossier_id, online_payment) "
                   "SELECT dossier_id, :flag FROM payment_requests WHERE id = :id "
                   "ON CONFLICT (dossier_id) DO UPDATE SET online_payment = excluded.online_payment",
                soci::use(flag, "flag"), soci::use(row_id, "id");
        }
        AppendAudit(sql, hasher_, clock_, event);
        return payments::SettleOutcome::kApplied;
    });
}

std::vector<std::pair<std::string, std::string>> SqlPaymentRepository::PaidWhileDossierWaits(int limit) {
    db::Connection c = db_.Acquire();
    std::string code, ref;
    int n = limit;
    std::vector<std::pair<std::string, std::string>> out;
    soci::statement st =
        (c.sql().prepare << "SELECT d.code, p.txn_ref FROM payment_requests p "
                            "JOIN dossiers d ON d.id = p.dossier_id "
                            "JOIN dossier_pauses w ON w.dossier_id = d.id AND w.kind = 'payment' "
                            "AND w.completed_at IS NULL "
                            "WHERE p.state = 'paid' AND d.state = 6 AND p.settled_at >= w.requested_at "
                            "ORDER BY p.settled_at, p.id LIMIT :n",
         soci::into(code), soci::into(ref), soci::use(n, "n"));
    st.execute();
    while (st.fetch()) out.emplace_back(code, ref);
    return out;
}

payments::DayFacts SqlPaymentRepository::FactsOfDay(std::int64_t unit_id, std::string_view from,
                                                    std::string_view to) {
    payments::DayFacts facts;
    const long long unit = unit_id;
    const std::string lo(from), hi(to);
    std::vector<long long> referenced;
    {
        auto c = db_.Acquire();
        const std::string sql =
            std::string("SELECT d.state, ") + kColumns +
            "WHERE p.unit_id = :unit AND ((p.created_at >= :lo AND p.created_at < :hi) OR "
            "(p.settled_at >= :lo AND p.settled_at < :hi)) ORDER BY p.id";
        soci::rowset<soci::row> rows =
            (c.sql().prepare << sql, soci::use(unit, "unit"), soci::use(lo, "lo"), soci::use(hi, "hi"));
        for (const auto& r : rows) facts.requests.push_back({FromRow(r, 1), static_cast<int>(RowInt(r, 0))});
        // A notification belongs to the unit of its request; one for no known request is shown to every
        // unit, since nobody else would see it.
        soci::rowset<soci::row> notes =
            (c.sql().prepare << "SELECT n.txn_ref, n.received_at, n.rsp_code, n.response_code, "
                                "n.transaction_no, n.amount_vnd, p.id FROM payment_notifications n "
                                "LEFT JOIN payment_requests p ON p.txn_ref = n.txn_ref "
                                "WHERE n.received_at >= :lo AND n.received_at < :hi AND "
                                "(p.unit_id = :unit OR p.id IS NULL) ORDER BY n.id",
             soci::use(lo, "lo"), soci::use(hi, "hi"), soci::use(unit, "unit"));
        for (const auto& r : notes) {
            payments::NotificationFact f;
            f.notification = {RowText(r, 0), RowText(r, 1), RowText(r, 2),
                              RowText(r, 3), RowText(r, 4), RowInt(r, 5)};
            facts.notifications.push_back(std::move(f));
            referenced.push_back(r.get_indicator(6) == soci::i_null ? 0 : RowInt(r, 6));
        }
    }
    // Few notifications a day carry a known reference; reading their requests one by one keeps the
    // query above simple on both engines.
    for (std::size_t i = 0; i < referenced.size(); ++i)
        if (referenced[i] != 0) facts.notifications[i].request = FindById(referenced[i]);
    return facts;
}

void SqlPaymentRepository::KeepReceipt(const PaymentRequest& request, const std::string& sha256,
                                       std::int64_t size, const std::string& title,
                                       const domain::audit::Actor& actor) {
    if (!request.payer_account_id) return;
    db_.InTransaction([&](soci::session& sql) {
        const long long account = *request.payer_account_id, dossier = request.dossier_id, bytes = size;
        const std::string now = core::FormatUtc(clock_.Now());
        const std::string media = "application/pdf", name = "bien-lai-" + request.txn_ref + ".pdf";
        // The PDF is ours, not an upload: nothing to scan, so it counts as checked when written.
        sql << "INSERT INTO dossier_files (sha256, media_type, size, scanned_at, created_at) "
               "VALUES (:sha, :media, :size, :now, :now) ON CONFLICT (sha256) DO NOTHING",
            soci::use(sha256, "sha"), soci::use(media, "media"), soci::use(bytes, "size"),
            soci::use(now, "now");
        soci::statement st =
            (sql.prepare << "INSERT INTO data_store_items (account_id, title, file_sha256, file_name, "
                            "source_dossier_id, created_at) VALUES (:a, :t, :sha, :name, :src, :now) "
                            "ON CONFLICT (account_id, file_sha256) DO NOTHING",
             soci::use(account, "a"), soci::use(title, "t"), soci::use(sha256, "sha"),
             soci::use(name, "name"), soci::use(dossier, "src"), soci::use(now, "now"));
        st.execute(true);
        if (st.get_affected_rows() == 1)
            AppendAudit(sql, hasher_, clock_,
                        {actor, "payment.receipt_stored", "payment_request", std::to_string(request.id),
                         "account=" + std::to_string(account) + " sha256=" + sha256});
    });
}

void SqlPaymentRepository::LogNotification(const payments::Notification& n) {
    db_.InTransaction([&](soci::session& sql) {
        long long amount = n.amount_vnd;
        sql << "INSERT INTO payment_notifications (txn_ref, received_at, rsp_code, response_code, "
               "transaction_no, "
               "amount_vnd) VALUES (:ref, :at, :rsp, :rc, :txn, :amount)",
            soci::use(n.txn_ref, "ref"), soci::use(n.received_at, "at"), soci::use(n.rsp_code, "rsp"),
            soci::use(n.response_code, "rc"), soci::use(n.transaction_no, "txn"), soci::use(amount, "amount");
    });
}

}  // namespace mocua::persistence
