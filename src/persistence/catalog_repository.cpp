#include "persistence/catalog_repository.hpp"

#include <soci/soci.h>

#include <array>

#include "core/text/text.hpp"
#include "db/database.hpp"
#include "domain/catalog/json_codec.hpp"
#include "persistence/audit_repository.hpp"

namespace mocua::persistence {

namespace catalog = domain::catalog;
using catalog::Field;
using catalog::StoredForm;
using catalog::Version;

namespace {

constexpr const char* kVersionColumns =
    "v.id, v.number, v.effective_from, v.valid_until, v.content_json, v.content_hash, v.created_at, f.code, "
    "f.name_vi, f.name_en";
constexpr const char* kVersionFrom =
    " FROM procedure_versions v JOIN catalog_fields f ON f.code = v.field_code ";
constexpr const char* kInForce = "v.effective_from <= :day AND v.valid_until > :day";
constexpr const char* kOpenEnd = "9999-12-31";

struct VersionRow {
    long long id = 0, number = 0;
    std::string from, until, content, hash, created, field_code, field_vi, field_en;

    void BindTo(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(number));
        st.exchange(soci::into(from));
        st.exchange(soci::into(until));
        st.exchange(soci::into(content));
        st.exchange(soci::into(hash));
        st.exchange(soci::into(created));
        st.exchange(soci::into(field_code));
        st.exchange(soci::into(field_vi));
        st.exchange(soci::into(field_en));
    }

    Version ToVersion() const {
        Version v;
        v.id = id;
        v.number = static_cast<int>(number);
        v.procedure = catalog::ProcedureFromStoredJson(content);
        v.valid_until = until;
        v.content_hash = hash;
        v.created_at = created;
        v.field = Field{field_code, field_vi, field_en};
        return v;
    }
};

// Runs a SELECT of kVersionColumns; `bind` adds the statement's use elements.
template <typename Bind>
std::vector<Version> QueryVersions(soci::session& sql, const std::string& where_and_order, Bind&& bind) {
    VersionRow row;
    soci::statement st(sql);
    row.BindTo(st);
    bind(st);
    st.alloc();
    st.prepare(std::string("SELECT ") + kVersionColumns + kVersionFrom + where_and_order);
    st.define_and_bind();
    st.execute(false);
    std::vector<Version> out;
    while (st.fetch()) out.push_back(row.ToVersion());
    return out;
}

std::optional<Version> LatestVersion(soci::session& sql, std::string_view code) {
    const std::string c(code);
    auto v = QueryVersions(sql, "WHERE v.procedure_code = :code ORDER BY v.number DESC LIMIT 1",
                           [&](soci::statement& st) { st.exchange(soci::use(c, "code")); });
    if (v.empty()) return std::nullopt;
    return std::move(v.front());
}

std::optional<Field> FindFieldIn(soci::session& sql, std::string_view code) {
    const std::string c(code);
    Field f;
    sql << "SELECT code, name_vi, name_en FROM catalog_fields WHERE code = :code", soci::use(c, "code"),
        soci::into(f.code), soci::into(f.name_vi), soci::into(f.name_en);
    if (!sql.got_data()) return std::nullopt;
    return f;
}

std::optional<StoredForm> FindFormIn(soci::session& sql, std::string_view key, bool with_bytes) {
    const std::string k(key);
    StoredForm out;
    std::string sha, file_name, media_type, content;
    soci::indicator sha_ind = soci::i_null, media_ind = soci::i_null, content_ind = soci::i_null;
    sql << std::string(
               "SELECT fm.form_key, fm.title_vi, fm.title_en, fm.source_vi, fm.file_sha256, fm.file_name, "
               "cf.media_type, ") +
               (with_bytes ? "cf.content_base64" : "''") +
               " FROM catalog_forms fm LEFT JOIN catalog_files cf ON cf.sha256 = fm.file_sha256 "
               "WHERE fm.form_key = :key",
        soci::use(k, "key"), soci::into(out.form.key), soci::into(out.form.title_vi),
        soci::into(out.form.title_en), soci::into(out.form.source_vi), soci::into(sha, sha_ind),
        soci::into(file_name), soci::into(media_type, media_ind), soci::into(content, content_ind);
    if (!sql.got_data()) return std::nullopt;
    if (sha_ind == soci::i_ok) {
        out.file_sha256 = sha;
        catalog::FormFile file{file_name, media_ind == soci::i_ok ? media_type : "", ""};
        if (with_bytes && content_ind == soci::i_ok) {
            auto bytes = DecodeBase64(content);
            if (!bytes) throw std::runtime_error("catalog_files holds malformed base64 for " + sha);
            file.bytes = std::move(*bytes);
        }
        out.form.content = std::move(file);
    }
    return out;
}

// The folded name used for ranking: without the "Thủ tục" most official names start with, so that
// "dang ky khai sinh" counts as the start of "Thủ tục đăng ký khai sinh".
std::string RankingFold(std::string_view name_vi) {
    std::string fold = core::text::FoldForSearch(name_vi);
    constexpr std::string_view kPrefix = "thu tuc ";
    if (std::string_view(fold).starts_with(kPrefix)) fold.erase(0, kPrefix.size());
    return fold;
}

// A LIKE pattern matching `text` literally (escape character '\').
std::string LikeLiteral(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == '%' || c == '_') out += '\\';
        out += c;
    }
    return out;
}

class SqlCatalogWriter final : public catalog::CatalogWriter {
public:
    SqlCatalogWriter(soci::session& sql, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock)
        : sql_(sql), hasher_(hasher), clock_(clock) {}

    std::optional<Field> FindField(std::string_view code) override { return FindFieldIn(sql_, code); }

    void InsertField(const Field& f) override {
        const std::string now = core::FormatUtc(clock_.Now());
        const std::string fold = core::text::FoldForSearch(f.name_vi + " " + f.name_en);
        const std::string sort = core::text::SortKeyHex(f.name_vi);
        sql_ << "INSERT INTO catalog_fields (code, name_vi, name_en, name_fold, name_sort, created_at, "
                "updated_at) "
                "VALUES (:code, :vi, :en, :fold, :sort, :now, :now)",
            soci::use(f.code, "code"), soci::use(f.name_vi, "vi"), soci::use(f.name_en, "en"),
            soci::use(fold, "fold"), soci::use(sort, "sort"), soci::use(now, "now");
    }

    void UpdateField(const Field& f) override {
        const std::string now = core::FormatUtc(clock_.Now());
        const std::string fold = core::text::FoldForSearch(f.name_vi + " " + f.name_en);
        const std::string sort = core::text::SortKeyHex(f.name_vi);
        sql_ << "UPDATE catalog_fields SET name_vi = :vi, name_en = :en, name_fold = :fold, name_sort = "
                ":sort, "
                "updated_at = :now WHERE code = :code",
            soci::use(f.name_vi, "vi"), soci::use(f.name_en, "en"), soci::use(fold, "fold"),
            soci::use(sort, "sort"), soci::use(now, "now"), soci::use(f.code, "code");
    }

    std::optional<StoredForm> FindForm(std::string_view key) override { return FindFormIn(sql_, key, false); }

    void SaveForm(const catalog::Form& f, const std::string& file_sha256) override {
        const std::string now = core::FormatUtc(clock_.Now());
        if (f.content && !file_sha256.empty()) {
            const std::string b64 = EncodeBase64(f.content->bytes);
            long long size = static_cast<long long>(f.content->bytes.size());
            sql_ << "INSERT INTO catalog_files (sha256, media_type, size, content_base64, created_at) "
                    "VALUES (:sha, :type, :size, :content, :now) ON CONFLICT (sha256) DO NOTHING",
                soci::use(file_sha256, "sha"), soci::use(f.content->media_type, "type"),
                soci::use(size, "size"), soci::use(b64, "content"), soci::use(now, "now");
        }
        soci::indicator sha_ind = file_sha256.empty() ? soci::i_null : soci::i_ok;
        sql_ << "INSERT INTO catalog_forms (form_key, title_vi, title_en, source_vi, file_sha256, file_name, "
                "created_at, updated_at) VALUES (:key, :vi, :en, :source, :sha, '', :now, :now) "
                "ON CONFLICT (form_key) DO UPDATE SET title_vi = excluded.title_vi, title_en = "
                "excluded.title_en, "
                "source_vi = excluded.source_vi, file_sha256 = excluded.file_sha256, updated_at = "
                "excluded.updated_at",
            soci::use(f.key, "key"), soci::use(f.title_vi, "vi"), soci::use(f.title_en, "en"),
            soci::use(f.source_vi, "source"), soci::use(file_sha256, sha_ind, "sha"), soci::use(now, "now");
        if (f.content) {
            sql_ << "UPDATE catalog_forms SET file_name = :name WHERE form_key = :key",
                soci::use(f.content->name, "name"), soci::use(f.key, "key");
        }
    }

    std::optional<Version> Latest(std::string_view code) override { return LatestVersion(sql_, code); }

    std::int64_t InsertVersion(const catalog::NewVersion& nv) override {
        const auto& p = nv.procedure;
        const std::string now = core::FormatUtc(clock_.Now());
        sql_
            << "INSERT INTO procedures (code, created_at) VALUES (:code, :now) ON CONFLICT (code) DO NOTHING",
            soci::use(p.code, "code"), soci::use(now, "now");
        long long number = 0;
        sql_ << "SELECT COALESCE(MAX(number), 0) FROM procedure_versions WHERE procedure_code = :code",
            soci::use(p.code, "code"), soci::into(number);
        ++number;
        // The versions still open on the new version's first day end there.
        sql_ << "UPDATE procedure_versions SET valid_until = :from WHERE procedure_code = :code AND "
                "valid_until > :from",
            soci::use(p.effective_from, "from"), soci::use(p.code, "code");
        const std::string level(catalog::LevelName(p.level));
        const std::string mode(catalog::ServiceModeName(p.mode));
        const std::string unit(catalog::TimeUnitName(p.time_limit.unit));
        const std::string name_fold = RankingFold(p.name_vi);
        const std::string name_sort = core::text::SortKeyHex(p.name_vi);
        const std::string search_fold = core::text::FoldForSearch(p.code + " " + p.name_vi + " " + p.name_en);
        long long tl = p.time_limit.value;
        const catalog::Announcement a = p.announcement.value_or(catalog::Announcement{});
        const auto ind = [&](const std::string& s) {
            return p.announcement && !s.empty() ? soci::i_ok : soci::i_null;
        };
        soci::indicator decision_ind = ind(a.decision), issued_ind = ind(a.issued_on),
                        published_ind = ind(a.published_on), in_force_ind = ind(a.in_force_on);
        const std::string until = kOpenEnd;
        long long id = 0;
        sql_ << "INSERT INTO procedure_versions (procedure_code, number, effective_from, valid_until, "
                "field_code, "
                "level, mode, name_vi, name_en, name_fold, name_sort, search_fold, time_limit_value, "
                "time_limit_unit, announcement_decision, announcement_issued_on, announcement_published_on, "
                "announcement_in_force_on, content_json, content_hash, created_at) VALUES (:code, :number, "
                ":from, "
                ":until, :field, :level, :mode, :name_vi, :name_en, :name_fold, :name_sort, :search_fold, "
                ":tl, "
                ":unit, :decision, :issued, :published, :in_force, :content, :hash, :now) RETURNING id",
            soci::use(p.code, "code"), soci::use(number, "number"), soci::use(p.effective_from, "from"),
            soci::use(until, "until"), soci::use(p.field, "field"), soci::use(level, "level"),
            soci::use(mode, "mode"), soci::use(p.name_vi, "name_vi"), soci::use(p.name_en, "name_en"),
            soci::use(name_fold, "name_fold"), soci::use(name_sort, "name_sort"),
            soci::use(search_fold, "search_fold"), soci::use(tl, "tl"), soci::use(unit, "unit"),
            soci::use(a.decision, decision_ind, "decision"), soci::use(a.issued_on, issued_ind, "issued"),
            soci::use(a.published_on, published_ind, "published"),
            soci::use(a.in_force_on, in_force_ind, "in_force"), soci::use(nv.content_json, "content"),
            soci::use(nv.content_hash, "hash"), soci::use(now, "now"), soci::into(id);
        return id;
    }

    void Audit(const domain::audit::Event& event) override { AppendAudit(sql_, hasher_, clock_, event); }

private:
    soci::session& sql_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
};

}  // namespace

std::vector<Field> SqlCatalogRepository::Fields() {
    db::Connection c = db_.Acquire();
    Field f;
    soci::statement st =
        (c.sql().prepare << "SELECT code, name_vi, name_en FROM catalog_fields ORDER BY name_sort, code",
         soci::into(f.code), soci::into(f.name_vi), soci::into(f.name_en));
    st.execute(false);
    std::vector<Field> out;
    while (st.fetch()) out.push_back(f);
    return out;
}

std::vector<std::string> SqlCatalogRepository::FormKeys() {
    db::Connection c = db_.Acquire();
    std::string key;
    soci::statement st =
        (c.sql().prepare << "SELECT form_key FROM catalog_forms ORDER BY form_key", soci::into(key));
    st.execute(false);
    std::vector<std::string> out;
    while (st.fetch()) out.push_back(key);
    return out;
}

std::optional<Version> SqlCatalogRepository::InForceOn(std::string_view code, std::string_view day) {
    db::Connection c = db_.Acquire();
    const std::string cd(code), d(day);
    auto v = QueryVersions(
        c.sql(), std::string("WHERE v.procedure_code = :code AND ") + kInForce + " ORDER BY v.number DESC",
        [&](soci::statement& st) {
            st.exchange(soci::use(cd, "code"));
            st.exchange(soci::use(d, "day"));
        });
    if (v.empty()) return std::nullopt;
    return std::move(v.front());
}

std::optional<Version> SqlCatalogRepository::VersionById(std::int64_t id) {
    db::Connection c = db_.Acquire();
    long long key = id;
    auto v = QueryVersions(c.sql(), "WHERE v.id = :id",
                           [&](soci::statement& st) { st.exchange(soci::use(key, "id")); });
    if (v.empty()) return std::nullopt;
    return std::move(v.front());
}

std::vector<Version> SqlCatalogRepository::History(std::string_view code) {
    db::Connection c = db_.Acquire();
    const std::string cd(code);
    return QueryVersions(c.sql(), "WHERE v.procedure_code = :code ORDER BY v.number",
                         [&](soci::statement& st) { st.exchange(soci::use(cd, "code")); });
}

std::vector<Version> SqlCatalogRepository::AllInForceOn(std::string_view day) {
    db::Connection c = db_.Acquire();
    const std::string d(day);
    return QueryVersions(c.sql(), std::string("WHERE ") + kInForce + " ORDER BY v.procedure_code",
                         [&](soci::statement& st) { st.exchange(soci::use(d, "day")); });
}

catalog::SearchPage SqlCatalogRepository::Search(const std::vector<std::string>& words,
                                                 const std::string& phrase, const catalog::SearchQuery& q,
                                                 const std::string& day) {
    // Every bound value lives in `values` (reserved up front, so references stay valid).
    std::vector<std::pair<std::string, std::string>> values;  // name → value
    values.reserve(words.size() + 8);
    std::string where = std::string(" WHERE ") + kInForce;
    values.emplace_back("day", day);
    if (!q.field.empty()) {
        where += " AND v.field_code = :field";
        values.emplace_back("field", q.field);
    }
    if (q.level) {
        where += " AND v.level = :level";
        values.emplace_back("level", std::string(catalog::LevelName(*q.level)));
    }
    if (q.mode) {
        where += " AND v.mode = :mode";
        values.emplace_back("mode", std::string(catalog::ServiceModeName(*q.mode)));
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string name = "w" + std::to_string(i);
        where += " AND (v.search_fold || ' ' || f.name_fold) LIKE :" + name + " ESCAPE '\\'";
        values.emplace_back(name, "%" + LikeLiteral(words[i]) + "%");
    }
    const std::size_t filter_values = values.size();
    values.emplace_back("phrase", phrase);
    values.emplace_back("prefix", LikeLiteral(phrase) + "%");
    values.emplace_back("contains", "%" + LikeLiteral(phrase) + "%");

    db::Connection c = db_.Acquire();
    catalog::SearchPage page;
    // One pass: the page's rows carry the total (a window count over every match), so the common
    // case reads the matching versions once. Only a page past the end asks for the count separately.
    catalog::SearchItem item;
    long long id = 0, tl = 0, total = 0;
    std::string level, mode, unit;
    {
        soci::statement st(c.sql());
        st.exchange(soci::into(id));
        st.exchange(soci::into(item.code));
        st.exchange(soci::into(item.name_vi));
        st.exchange(soci::into(item.name_en));
        st.exchange(soci::into(level));
        st.exchange(soci::into(mode));
        st.exchange(soci::into(tl));
        st.exchange(soci::into(unit));
        st.exchange(soci::into(item.field.code));
        st.exchange(soci::into(item.field.name_vi));
        st.exchange(soci::into(item.field.name_en));
        st.exchange(soci::into(total));
        for (auto& [name, value] : values) st.exchange(soci::use(value, name));
        st.alloc();
        const long long offset = static_cast<long long>(q.page - 1) * q.per_page;
        st.prepare(
            std::string(
                "SELECT v.id, v.procedure_code, v.name_vi, v.name_en, v.level, v.mode, v.time_limit_value, "
                "v.time_limit_unit, f.code, f.name_vi, f.name_en, COUNT(*) OVER ()") +
            kVersionFrom + where +
            " ORDER BY CASE WHEN v.procedure_code = :phrase THEN 0"
            " WHEN v.name_fold LIKE :prefix ESCAPE '\\' THEN 1"
            " WHEN v.name_fold LIKE :contains ESCAPE '\\' THEN 2 ELSE 3 END, v.name_sort, v.procedure_code"
            " LIMIT " +
            std::to_string(q.per_page) + " OFFSET " + std::to_string(offset));
        st.define_and_bind();
        st.execute(false);
        while (st.fetch()) {
            item.version_id = id;
            item.level = catalog::ParseLevel(level).value_or(catalog::Level::kCommune);
            item.mode = catalog::ParseServiceMode(mode).value_or(catalog::ServiceMode::kOffline);
            item.time_limit = catalog::TimeLimit{
                tl, catalog::ParseTimeUnit(unit).value_or(catalog::TimeUnit::kWorkingDays), "", ""};
            page.items.push_back(item);
            page.total = total;
        }
    }
    if (!page.items.empty() || q.page == 1) return page;
    soci::statement st(c.sql());
    st.exchange(soci::into(total));
    for (std::size_t i = 0; i < filter_values; ++i) st.exchange(soci::use(values[i].second, values[i].first));
    st.alloc();
    st.prepare(std::string("SELECT COUNT(*)") + kVersionFrom + where);
    st.define_and_bind();
    st.execute(true);
    page.total = total;
    return page;
}

std::optional<StoredForm> SqlCatalogRepository::FindForm(std::string_view key) {
    db::Connection c = db_.Acquire();
    return FindFormIn(c.sql(), key, true);
}

std::int64_t SqlCatalogRepository::CountProcedures() {
    db::Connection c = db_.Acquire();
    long long n = 0;
    c.sql() << "SELECT COUNT(*) FROM procedures", soci::into(n);
    return n;
}

core::Result<void> SqlCatalogRepository::Write(
    const std::function<core::Result<void>(catalog::CatalogWriter&)>& f) {
    return db_.InTransaction([&](soci::session& sql) -> core::Result<void> {
        SqlCatalogWriter writer(sql, hasher_, clock_);
        return f(writer);
    });
}

// ---- Base64 ---------------------------------------------------------------------------------------

namespace {
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string EncodeBase64(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                           (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (const std::size_t rest = in.size() - i; rest > 0) {
        unsigned n = static_cast<unsigned char>(in[i]) << 16;
        if (rest == 2) n |= static_cast<unsigned char>(in[i + 1]) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> DecodeBase64(std::string_view in) {
    if (in.size() % 4 != 0) return std::nullopt;
    std::array<int, 256> value{};
    value.fill(-1);
    for (std::size_t k = 0; k < kAlphabet.size(); ++k)
        value[static_cast<unsigned char>(kAlphabet[k])] = static_cast<int>(k);
    std::string out;
    out.reserve(in.size() / 4 * 3);
    for (std::size_t i = 0; i < in.size(); i += 4) {
        const bool last = i + 4 == in.size();
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char ch = in[i + static_cast<std::size_t>(k)];
            if (ch == '=' && last && k >= 2) {
                v[k] = 0;
                ++pad;
                continue;
            }
            if (pad > 0) return std::nullopt;
            v[k] = value[static_cast<unsigned char>(ch)];
            if (v[k] < 0) return std::nullopt;
        }
        const unsigned n = (static_cast<unsigned>(v[0]) << 18) | (static_cast<unsigned>(v[1]) << 12) |
                           (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
        out += static_cast<char>((n >> 16) & 255);
        if (pad < 2) out += static_cast<char>((n >> 8) & 255);
        if (pad < 1) out += static_cast<char>(n & 255);
    }
    return out;
}

}  // namespace mocua::persistence
