#include "config/config.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>

#include <toml++/toml.h>

extern char** environ;

namespace mocua::config {
namespace {

using core::Error;
using core::Result;

enum class Type { kString, kInt, kBool };

struct KeyDef {
    const char* section;
    const char* key;
    Type type;
    const char* description;
    std::int64_t min = 0;
    std::int64_t max = 0;
    // Exactly one of these is used, by type.
    std::function<std::string&(Config&)> str;
    std::function<void(Config&, std::int64_t)> set_int;
    std::function<std::int64_t(const Config&)> get_int;
    std::function<bool&(Config&)> boolean;
    // Extra check for strings; returns an error message or "".
    std::function<std::string(const std::string&)> check = nullptr;
};

std::string CheckLevel(const std::string& v) {
    static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
    for (const char* l : kLevels)
        if (v == l) return "";
    return "must be one of trace, debug, info, warn, error, off";
}

std::string CheckAddressList(const std::string& v) {
    for (const auto& a : ParseAddressList(v)) {
        unsigned char buf[16];
        if (::inet_pton(AF_INET, a.c_str(), buf) != 1 && ::inet_pton(AF_INET6, a.c_str(), buf) != 1)
            return "`" + a + "` is not an IP address (a comma-separated list of addresses is expected)";
    }
    return "";
}

std::string CheckListen(const std::string& v) {
    auto hp = ParseListen(v);
    return hp.ok() ? "" : hp.error().message;
}

std::string CheckDatabaseUrl(const std::string& v) {
    if (v.empty() || v.starts_with("postgresql://") || v.starts_with("postgres://") ||
        v.starts_with("sqlite:"))
        return "";
    return "must be empty (SQLite in the data directory), sqlite:PATH, or a postgresql:// URL";
}

std::string CheckSocketPath(const std::string& v) {
    // sockaddr_un::sun_path holds 108 bytes including the terminating NUL.
    if (v.empty() || v.front() != '/') return "must be an absolute path to a Unix socket";
    if (v.size() > 107) return "must be at most 107 bytes long (a Unix socket path)";
    return "";
}

std::string CheckPublicUrl(const std::string& v) {
    if (v.empty()) return "";
    if (!(v.starts_with("https://") || v.starts_with("http://")) || v.ends_with("/")) {
        return "must be empty or an http(s):// address without a trailing /";
    }
    return "";
}

std::string CheckMailUrl(const std::string& v) {
    if (v.empty() || v.starts_with("smtp://") || v.starts_with("smtps://")) return "";
    return "must be empty, smtp://host:port or smtps://host:port";
}

#define MOCUA_INT(sec, field, lo, hi, desc)                                             \
    KeyDef {                                                                            \
#sec, #field, Type::kInt, desc, lo, hi, nullptr,                                      \
            [](Config& c, std::int64_t v) { c.sec.field = static_cast<decltype(c.sec.field)>(v); }, \
            [](const Config& c) { return static_cast<std::int64_t>(c.sec.field); }, nullptr \
    }
#define MOCUA_STR(sec, field, desc, chk)                                                           \
    KeyDef {                                                                                       \
#sec, #field, Type::kString, desc, 0, 0,                                                   \
            [](Config & c) -> std::string& { return c.sec.field; }, nullptr, nullptr, nullptr, chk \
    }
#define MOCUA_BOOL(sec, field, desc)                                      \
    KeyDef {                                                              \
#sec, #field, Type::kBool, desc, 0, 0, nullptr, nullptr, nullptr, \
            [](Config & c) -> bool& { return c.sec.field; }               \
    }

const std::vector<KeyDef>& Schema() {
    static const std::vector<KeyDef> kSchema = {
        MOCUA_STR(server, listen, "Address and port to listen on, host:port ([v6]:port for IPv6).",
                  CheckListen),
        MOCUA_INT(server, io_threads, 1, 64, "Threads that read and write sockets."),
        MOCUA_INT(server, workers, 1, 256, "Threads for database and other blocking work."),
        MOCUA_INT(server, worker_queue, 1, 1'000'000, "Requests that may wait for a worker before 503."),
        MOCUA_INT(server, body_limit_bytes, 1024, 1LL << 32, "Largest request body accepted (413 above)."),
        MOCUA_INT(server, header_timeout_ms, 100, 600'000, "Time allowed to send the request headers."),
        MOCUA_INT(server, body_timeout_ms, 100, 3'600'000, "Time allowed to send the request body."),
        MOCUA_INT(server, idle_timeout_ms, 100, 3'600'000, "Idle keep-alive connections close after this."),
        MOCUA_INT(server, shutdown_grace_ms, 0, 600'000, "On SIGTERM, time allowed for in-flight requests."),
        MOCUA_STR(server, static_dir, "Folder of built assets; empty finds it next to the binary.", nullptr),
        MOCUA_BOOL(server, behind_tls_proxy, "True when a TLS proxy (nginx) forwards to mocua."),
        MOCUA_STR(server, metrics_allow,
                  "Addresses that may read /metrics (comma-separated); others get 404. Empty: nobody.",
                  CheckAddressList),
        MOCUA_STR(database, url, "Empty: SQLite in the data directory; or postgresql://user@host/db.",
                  CheckDatabaseUrl),
        MOCUA_INT(database, pool_size, 1, 512, "Database connections kept open."),
        MOCUA_INT(database, busy_timeout_ms, 0, 600'000, "SQLite: wait this long for a lock."),
        MOCUA_INT(database, sqlite_cache_mib, 1, 4096,
                  "SQLite: page cache per connection in MiB, allocated as used (imports write faster)."),
        MOCUA_BOOL(database, auto_migrate, "Apply pending migrations when the server starts."),
        MOCUA_STR(storage, data_dir, "Folder for the SQLite database, uploaded files and keys.", nullptr),
        MOCUA_STR(log, level, "Log level: trace, debug, info, warn, error, off.", CheckLevel),
        MOCUA_BOOL(log, access_log, "Write one line per HTTP request."),
        MOCUA_BOOL(jobs, enabled, "Run background jobs (mail, deadlines, sync) in this process."),
        MOCUA_INT(jobs, workers, 1, 64, "Jobs run at once."),
        MOCUA_INT(jobs, poll_interval_ms, 50, 3'600'000, "How often idle workers look for due jobs."),
        MOCUA_INT(jobs, lease_seconds, 5, 86'400, "A claimed job is retried if not finished in this time."),
        MOCUA_INT(jobs, kpi_refresh_seconds, 1, 86'400,
                  "How often the Decision 766 figures catch up with dossier changes (the kpi.refresh job)."),
        MOCUA_INT(auth, session_idle_minutes, 1, 1'440,
                  "A session ends after this many minutes without a request."),
        MOCUA_INT(auth, session_absolute_hours, 1, 720,
                  "A session ends this many hours after sign-in, even if active."),
        MOCUA_INT(auth, max_failed_logins_per_account, 1, 100,
                  "Failed sign-ins per account per hour; more lock the account until the hour passes."),
        MOCUA_INT(
            auth, max_failed_logins_per_ip, 1, 1'000'000,
            "Failed sign-ins per client address per hour; more block that address until the hour passes."),
        MOCUA_BOOL(auth, require_staff_totp,
                   "Staff must set up two-step verification before using any signed-in page."),
        MOCUA_BOOL(
            oidc, enabled,
            "Offer sign-in with the national e-ID (OpenID Connect); secret in MOCUA_OIDC_CLIENT_SECRET."),
        MOCUA_STR(oidc, issuer, "The provider's issuer URL, exactly as its metadata states it.", nullptr),
        MOCUA_STR(oidc, client_id, "This server's client id at the provider.", nullptr),
        MOCUA_STR(oidc, redirect_uri,
                  "The callback registered with the provider: https://HOST/auth/vneid/callback.", nullptr),
        MOCUA_STR(oidc, scopes, "Scopes to ask for besides openid, separated by spaces.", nullptr),
        MOCUA_STR(oidc, cccd_claim, "The provider's claim holding the 12-digit citizen ID number (CCCD).",
                  nullptr),
        MOCUA_BOOL(oidc, allow_http,
                   "Accept http:// provider URLs: loopback tests only, never in production."),
        MOCUA_STR(scanner, socket,
                  "clamd's Unix socket; every upload is scanned there, refused if it is down.",
                  CheckSocketPath),
        MOCUA_INT(scanner, timeout_ms, 100, 600'000,
                  "Time allowed to connect to clamd, to send each part of a file and for its answer."),
        MOCUA_INT(intake, max_file_bytes, 1024, 1LL << 31,
                  "Largest uploaded file (a dossier component); larger ones are refused with a message."),
        MOCUA_STR(intake, public_url,
                  "This site's public address (https://…), for links in mails and the receipt's QR code.",
                  CheckPublicUrl),
        MOCUA_STR(intake, issuing_system, "The system's name printed in the QR code of every form.", nullptr),
        MOCUA_STR(intake, place, "The place printed before the date on forms (\"Quảng Trị\").", nullptr),
        MOCUA_STR(intake, hotline, "The hotline printed on receipts.", nullptr),
        MOCUA_INT(intake, due_soon_hours, 1, 24 * 30,
                  "Work queues mark a step or dossier as due soon this many hours before it is due."),
        MOCUA_INT(intake, deadline_sweep_minutes, 1, 24 * 60,
                  "How often reminders and overdue notices are looked for (the dossier.deadlines job)."),
        MOCUA_INT(lookup, miss_burst, 1, 100'000,
                  "Unknown or malformed dossier codes one client address may look up in a row before 429."),
        MOCUA_INT(lookup, miss_refill_seconds, 1, 86'400,
                  "After the burst, one more miss is allowed per this many seconds."),
        MOCUA_STR(lookup, exempt_addresses,
                  "Client addresses never throttled, separated by commas (the hall's kiosks).", nullptr),
        MOCUA_INT(lookup, kiosk_idle_seconds, 5, 3'600,
                  "A kiosk screen untouched this long goes back to its start and forgets what was typed."),
        MOCUA_BOOL(mail, enabled, "Send e-mail through SMTP; password in MOCUA_MAIL_PASSWORD."),
        MOCUA_STR(mail, url, "The SMTP server: smtp://host:587 (with starttls) or smtps://host:465.",
                  CheckMailUrl),
        MOCUA_STR(mail, from, "Sender address of every mail, e.g. mot-cua@phuong.gov.vn.", nullptr),
        MOCUA_STR(mail, from_name, "Sender name shown to recipients (may be Vietnamese).", nullptr),
        MOCUA_BOOL(mail, starttls, "With smtp://, require STARTTLS (never send in clear text)."),
        MOCUA_STR(mail, username, "SMTP sign-in name; empty: no sign-in.", nullptr),
        MOCUA_INT(mail, timeout_ms, 1'000, 600'000, "Time allowed to hand one mail to the server."),
        MOCUA_INT(mail, max_attempts, 1, 200,
                  "Tries before a mail is given up; waits double from 10 s to 1 h (20 tries: ~11 h)."),
        MOCUA_INT(events, max_streams, 1, 100'000,
                  "Live-update streams (video walls, boards) open at once; more are answered 503."),
        MOCUA_INT(events, poll_interval_ms, 100, 60'000,
                  "How often dossier changes made elsewhere (the CLI, another node) are looked for."),
        MOCUA_INT(events, heartbeat_seconds, 1, 300,
                  "A comment is sent on an idle live-update stream this often, so proxies keep it open."),
        MOCUA_BOOL(payments, enabled,
                   "Take fees through the gateway; hash secret in MOCUA_VNPAY_HASH_SECRET."),
        MOCUA_STR(payments, merchant_code, "The merchant code (vnp_TmnCode) the gateway issued.", nullptr),
        MOCUA_STR(payments, pay_url, "The gateway's payment page (http(s)://…, no trailing /).",
                  CheckPublicUrl),
        MOCUA_STR(payments, query_url, "The gateway's query API for reconciliation; empty: none.",
                  CheckPublicUrl),
        MOCUA_STR(payments, hash_secret_file, "A file holding the hash secret, if not in the environment.",
                  nullptr),
        MOCUA_INT(payments, expiry_minutes, 5, 24 * 60, "A payment request can be paid this many minutes."),
        MOCUA_INT(limits, address_reads_per_minute, 1, 10'000'000,
                  "Reads (GET, HEAD) one client address may make per minute, sustained; more get 429."),
        MOCUA_INT(limits, address_read_burst, 1, 10'000'000, "Reads one client address may make in a row."),
        MOCUA_INT(limits, address_writes_per_minute, 1, 10'000'000,
                  "Writes (POST, PUT, PATCH, DELETE) one client address may make per minute, sustained."),
        MOCUA_INT(limits, address_write_burst, 1, 10'000'000, "Writes one client address may make in a row."),
        MOCUA_INT(limits, account_reads_per_minute, 1, 10'000'000,
                  "Reads one signed-in account may make per minute, from any address."),
        MOCUA_INT(limits, account_read_burst, 1, 10'000'000,
                  "Reads one signed-in account may make in a row."),
        MOCUA_INT(limits, account_writes_per_minute, 1, 10'000'000,
                  "Writes one signed-in account may make per minute, from any address."),
        MOCUA_INT(limits, account_write_burst, 1, 10'000'000,
                  "Writes one signed-in account may make in a row."),
        MOCUA_STR(limits, exempt_addresses,
                  "Client addresses without per-address limits, separated by commas (the hall's NAT).",
                  nullptr),
        MOCUA_INT(limits, max_tracked_clients, 100, 10'000'000,
                  "Addresses and accounts remembered per limit; past it, unknown clients are not limited."),
        MOCUA_INT(limits, max_in_flight, 1, 1'000'000,
                  "Requests served at once; one more is answered 503 with Retry-After (load shedding)."),
        MOCUA_INT(limits, header_limit_bytes, 1024, 1 << 20,
                  "Largest request line and headers together (431 above)."),
        MOCUA_INT(limits, url_limit_bytes, 256, 1 << 20, "Longest request address (URL) (414 above)."),
    };
    return kSchema;
}
#undef MOCUA_INT
#undef MOCUA_STR
#undef MOCUA_BOOL

std::string FullName(const KeyDef& k) { return std::string(k.section) + "." + k.key; }

std::string EnvName(const KeyDef& k) {
    std::string out = "MOCUA_";
    for (const char* p : {k.section, "_", k.key})
        for (const char* c = p; *c; ++c)
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
    return out;
}

const KeyDef* Find(std::string_view section, std::string_view key) {
    for (const auto& k : Schema())
        if (section == k.section && key == k.key) return &k;
    return nullptr;
}

bool KnownSection(std::string_view section) {
    for (const auto& k : Schema())
        if (section == k.section) return true;
    return false;
}

std::string SetString(Config& c, const KeyDef& k, const std::string& v) {
    if (k.check) {
        if (auto msg = k.check(v); !msg.empty()) return msg;
    }
    k.str(c) = v;
    return "";
}

std::string SetInt(Config& c, const KeyDef& k, std::int64_t v) {
    if (v < k.min || v > k.max)
        return "must be between " + std::to_string(k.min) + " and " + std::to_string(k.max);
    k.set_int(c, v);
    return "";
}

// Applies a value given as text (environment variables).
std::string SetFromText(Config& c, const KeyDef& k, const std::string& text) {
    switch (k.type) {
        case Type::kString:
            return SetString(c, k, text);
        case Type::kBool:
            if (text == "true" || text == "1")
                k.boolean(c) = true;
            else if (text == "false" || text == "0")
                k.boolean(c) = false;
            else
                return "must be true or false";
            return "";
        case Type::kInt: {
            std::int64_t v = 0;
            auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec != std::errc() || p != text.data() + text.size()) return "must be a whole number";
            return SetInt(c, k, v);
        }
    }
    return "unsupported type";
}

std::string SetFromToml(Config& c, const KeyDef& k, const toml::node& node) {
    switch (k.type) {
        case Type::kString:
            if (auto s = node.value_exact<std::string>()) return SetString(c, k, *s);
            return "must be a string (in quotes)";
        case Type::kBool:
            if (auto b = node.value_exact<bool>()) {
                k.boolean(c) = *b;
                return "";
            }
            return "must be true or false";
        case Type::kInt:
            if (auto i = node.value_exact<std::int64_t>()) return SetInt(c, k, *i);
            return "must be a whole number";
    }
    return "unsupported type";
}

Result<Config> Apply(const toml::table* table, const std::string& source,
                     const std::map<std::string, std::string>& env) {
    Config config;
    if (table) {
        for (const auto& [section_key, section_node] : *table) {
            const std::string section(section_key.str());
            const auto* section_table = section_node.as_table();
            if (!KnownSection(section) || !section_table) {
                return Error::InvalidArgument(source + ": unknown section or key `" + section + "`");
            }
            for (const auto& [key, node] : *section_table) {
                const std::string name = section + "." + std::string(key.str());
                const KeyDef* def = Find(section, key.str());
                if (!def) return Error::InvalidArgument(source + ": unknown key `" + name + "`");
                if (auto msg = SetFromToml(config, *def, node); !msg.empty()) {
                    std::ostringstream where;
                    if (node.source().begin) where << " (line " << node.source().begin.line << ")";
                    return Error::InvalidArgument(source + where.str() + ": `" + name + "` " + msg);
                }
            }
        }
    }
    for (const auto& [name, value] : env) {
        if (!name.starts_with("MOCUA_")) continue;
        if (name == kOidcClientSecretEnv) continue;  // a secret, read by the composition root
        if (name == kMailPasswordEnv) continue;      // likewise
        if (name == kVnpayHashSecretEnv) continue;   // likewise
        const KeyDef* match = nullptr;
        bool section_known = false;
        for (const auto& k : Schema()) {
            if (EnvName(k) == name) match = &k;
            std::string prefix = "MOCUA_";
            for (const char* s = k.section; *s; ++s) prefix += static_cast<char>(std::toupper(*s));
            if (name.starts_with(prefix + "_")) section_known = true;
        }
        if (!match) {
            // Variables of other sections (MOCUA_TEST_*, ...) are not configuration.
            if (section_known) return Error::InvalidArgument("environment: unknown key `" + name + "`");
            continue;
        }
        if (auto msg = SetFromText(config, *match, value); !msg.empty()) {
            return Error::InvalidArgument("environment: `" + name + "` (" + FullName(*match) + ") " + msg);
        }
    }
    if (auto it = env.find(kRateLimitsEnv); it != env.end() && it->second == "off")
        config.rate_limits = false;
    return config;
}

}  // namespace

const std::vector<KeyInfo>& Keys() {
    static const std::vector<KeyInfo> kKeys = [] {
        std::vector<KeyInfo> out;
        const Config defaults;
        for (const auto& k : Schema()) {
            std::string def;
            Config copy = defaults;
            switch (k.type) {
                case Type::kString:
                    def = "\"" + k.str(copy) + "\"";
                    break;
                case Type::kInt:
                    def = std::to_string(k.get_int(defaults));
                    break;
                case Type::kBool:
                    def = k.boolean(copy) ? "true" : "false";
                    break;
            }
            out.push_back({FullName(k), def, k.description});
        }
        return out;
    }();
    return kKeys;
}

Result<Config> LoadFromString(const std::string& text, const std::string& source_name,
                              const std::map<std::string, std::string>& env) {
    toml::table parsed;
    try {
        parsed = toml::parse(text, source_name);
    } catch (const toml::parse_error& err) {
        std::ostringstream msg;
        msg << source_name << " (line " << err.source().begin.line << "): " << err.description();
        return Error::InvalidArgument(msg.str());
    }
    return Apply(&parsed, source_name, env);
}

Result<Config> Load(const std::string& path, const std::map<std::string, std::string>& env) {
    if (path.empty()) return Apply(nullptr, "", env);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::InvalidArgument("cannot read config file " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return LoadFromString(text.str(), path, env);
}

std::map<std::string, std::string> ProcessEnvironment() {
    std::map<std::string, std::string> out;
    for (char** e = environ; e && *e; ++e) {
        std::string_view kv(*e);
        if (!kv.starts_with("MOCUA_")) continue;
        const auto eq = kv.find('=');
        if (eq == std::string_view::npos) continue;
        out.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
    return out;
}

Result<HostPort> ParseListen(const std::string& listen) {
    HostPort hp;
    std::string port_text;
    if (listen.starts_with("[")) {
        const auto close = listen.find(']');
        if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':')
            return Error::InvalidArgument("`" + listen + "` is not host:port");
        hp.host = listen.substr(1, close - 1);
        port_text = listen.substr(close + 2);
    } else {
        const auto colon = listen.rfind(':');
        if (colon == std::string::npos || colon == 0)
            return Error::InvalidArgument("`" + listen + "` is not host:port");
        hp.host = listen.substr(0, colon);
        port_text = listen.substr(colon + 1);
    }
    unsigned port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || port > 65535 || port_text.empty())
        return Error::InvalidArgument("`" + listen + "` has no valid port (0-65535)");
    hp.port = static_cast<std::uint16_t>(port);
    return hp;
}

Result<void> Validate(const Config& config) {
    if (auto hp = ParseListen(config.server.listen); !hp.ok())
        return Error::InvalidArgument("`server.listen` " + hp.error().message);
    if (auto msg = CheckDatabaseUrl(config.database.url); !msg.empty())
        return Error::InvalidArgument("`database.url` " + msg);
    if (config.storage.data_dir.empty())
        return Error::InvalidArgument("`storage.data_dir` must not be empty");
    if (config.mail.enabled) {
        if (config.mail.url.empty())
            return Error::InvalidArgument("`mail.url` must be set when mail is enabled");
        if (config.mail.from.empty() || config.mail.from.find('@') == std::string::npos)
            return Error::InvalidArgument("`mail.from` must be an e-mail address when mail is enabled");
    }
    if (config.payments.enabled) {
        if (config.payments.merchant_code.empty())
            return Error::InvalidArgument("`payments.merchant_code` must be set when payments are enabled");
        if (config.payments.pay_url.empty())
            return Error::InvalidArgument("`payments.pay_url` must be set when payments are enabled");
    }
    return {};
}

std::vector<std::string> ParseAddressList(const std::string& list) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find(',', start);
        if (end == std::string::npos) end = list.size();
        std::string item = list.substr(start, end - start);
        const auto first = item.find_first_not_of(" \t");
        const auto last = item.find_last_not_of(" \t");
        if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
        start = end + 1;
    }
    return out;
}

}  // namespace mocua::config
