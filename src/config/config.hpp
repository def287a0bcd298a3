#pragma once
// Typed configuration, validated at start-up (STYLE.md habit 9).
//
// Precedence, lowest first: built-in defaults < the TOML file < MOCUA_<SECTION>_<KEY> environment
// variables < command-line flags (applied by the caller). Every key is declared once, in
// config.cpp's schema table, with its default and a one-line description; config/mocua.example.toml
// documents the same keys and a test keeps the two in step.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace mocua::config {

struct ServerConfig {
    std::string listen = "127.0.0.1:8080";
    int io_threads = 2;
    int workers = 4;
    int worker_queue = 1024;
    std::int64_t body_limit_bytes = 32 * 1024 * 1024;
    int header_timeout_ms = 10'000;
    int body_timeout_ms = 60'000;
    int idle_timeout_ms = 60'000;
    int shutdown_grace_ms = 10'000;
    std::string static_dir;  // empty: the assets folder found next to the binary
    bool behind_tls_proxy = false;
    std::string metrics_allow = "127.0.0.1, ::1";  // who may read /metrics (ParseAddressList)
};

struct DatabaseConfig {
    std::string url;  // empty: SQLite at <data_dir>/mocua.db
    int pool_size = 8;
    int busy_timeout_ms = 5'000;
    int sqlite_cache_mib = 32;
    bool auto_migrate = true;
};

struct StorageConfig {
    std::string data_dir = "data";
};

struct LogConfig {
    std::string level = "info";  // trace, debug, info, warn, error, off
    bool access_log = true;
};

struct JobsConfig {
    bool enabled = true;
    int workers = 2;
    int poll_interval_ms = 1'000;
    int lease_seconds = 300;
    int kpi_refresh_seconds = 60;
};

// Sign-in and sessions (domain/identity/identity_service.hpp).
struct AuthConfig {
    int session_idle_minutes = 30;
    int session_absolute_hours = 12;
    int max_failed_logins_per_account = 100;
    int max_failed_logins_per_ip = 300;
    bool require_staff_totp = true;
};

// The environment variable holding the OIDC client secret (never a key in the TOML file).
inline constexpr const char* kOidcClientSecretEnv = "MOCUA_OIDC_CLIENT_SECRET";

// Sign-in with the national e-ID (VNeID-style OpenID Connect, docs/adr/0030-oidc-login.md). The client
// secret is not a key: it comes from the environment variable MOCUA_OIDC_CLIENT_SECRET.
struct OidcLoginConfig {
    bool enabled = false;
    std::string issuer;
    std::string client_id;
    std::string redirect_uri;
    std::string scopes = "profile email phone cccd";  // besides openid, separated by spaces
    std::string cccd_claim = "cccd";
    bool allow_http = false;  // loopback tests only
};

// The virus scanner every upload goes through (clamd over its Unix socket,
// docs/adr/0050-clamd-upload-scanning.md). Uploads are refused while it cannot be reached.
struct ScannerConfig {
    std::string socket = "/run/clamav/clamd.ctl";  // Debian's clamav-daemon default
    int timeout_ms = 30'000;                       // connect, each write and the reply
};

// The environment variable holding the SMTP password (never a key in the TOML file).
inline constexpr const char* kMailPasswordEnv = "MOCUA_MAIL_PASSWORD";

// Outgoing e-mail through SMTP (docs/adr/0051-mail-outbox.md). The password is not a key: it comes
// from the environment variable MOCUA_MAIL_PASSWORD.
// Dossier intake (issue 6): uploads and what the reception forms print.
struct IntakeConfig {
    std::int64_t max_file_bytes =
        10 * 1024 * 1024;    // one uploaded file; server.body_limit_bytes caps a request
    std::string public_url;  // "https://dichvucong.example.vn": links in mails and the receipt's QR code
    std::string issuing_system = "Hệ thống thông tin giải quyết thủ tục hành chính";
    std::string place;                // "Quảng Trị" in "Quảng Trị, ngày … tháng … năm …"
    std::string hotline;              // printed on receipts: "0233 3861 xxx"
    int deadline_sweep_minutes = 10;  // the dossier.deadlines job's period (domain/dossier/deadlines.hpp)
    int due_soon_hours = 24;  // work queues mark a step or dossier "due soon" this long before its due time
};

// The public dossier lookup and the kiosk (issue 8; docs/adr/0070-public-lookup-and-kiosk.md).
struct LookupConfig {
    int miss_burst = 10;           // unknown or malformed codes one address may try in a row
    int miss_refill_seconds = 30;  // one more try comes back after each interval
    std::string exempt_addresses;  // comma-separated client addresses never throttled (the hall's kiosks)
    int kiosk_idle_seconds = 90;   // a kiosk page goes back to its start screen after this long untouched
};

// The environment variable that switches every rate limit off (MOCUA_RATE_LIMITS=off), for load tests;
// the server logs a warning when it is set.
inline constexpr const char* kRateLimitsEnv = "MOCUA_RATE_LIMITS";

struct MailConfig {
    bool enabled = false;
    std::string url;        // smtp://host:port (STARTTLS when starttls) or smtps://host:port
    std::string from;       // sender address
    std::string from_name;  // sender display name (UTF-8)
    bool starttls = true;
    std::string username;  // empty: no sign-in
    int timeout_ms = 30'000;
    int max_attempts = 20;
};

// Live updates (server-sent events) and the dossier change watcher behind them (docs/adr/0071).
struct EventsConfig {
    int max_streams = 256;
    int poll_interval_ms = 1'000;
    int heartbeat_seconds = 15;
};

// The environment variable holding the payment gateway's hash secret (never a key in the TOML file).
inline constexpr const char* kVnpayHashSecretEnv = "MOCUA_VNPAY_HASH_SECRET";

// Fees paid through a VNPay-style gateway (issue 9; docs/adr/0080-cashless-payments.md). The hash secret
// is not a key: it comes from MOCUA_VNPAY_HASH_SECRET, or from the file hash_secret_file names.
struct PaymentsConfig {
    bool enabled = false;
    std::string merchant_code;  // vnp_TmnCode issued by the gateway
    std::string
        pay_url;  // the gateway's payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html
    std::string query_url;         // the gateway's query API (QueryDR) for reconciliation; empty: no queries
    std::string hash_secret_file;  // a file (0600) holding the hash secret, when not in the environment
    int expiry_minutes = 15;       // a payment request can be paid this long after it is made
};

// Rate limits and load shedding (issue 11; docs/adr/0102-rate-limits-and-load-shedding.md): a token
// bucket per client address and per signed-in account, reads (GET, HEAD) apart from writes. A busy
// hall shares one address behind NAT, so the address allowance for reads is generous.
struct LimitsConfig {
    int address_reads_per_minute = 1'200;
    int address_read_burst = 600;
    int address_writes_per_minute = 120;
    int address_write_burst = 120;
    int account_reads_per_minute = 600;
    int account_read_burst = 300;
    int account_writes_per_minute = 60;
    int account_write_burst = 60;
    std::string exempt_addresses;        // comma-separated client addresses without address limits
    int max_tracked_clients = 100'000;   // buckets kept per kind; beyond, new clients go unlimited
    int max_in_flight = 512;             // requests served at once; more are answered 503
    int header_limit_bytes = 16 * 1024;  // request line and headers (431 above)
    int url_limit_bytes = 8 * 1024;      // the request target (414 above)
};

struct Config {
    ServerConfig server;
    DatabaseConfig database;
    StorageConfig storage;
    LogConfig log;
    JobsConfig jobs;
    AuthConfig auth;
    OidcLoginConfig oidc;
    ScannerConfig scanner;
    MailConfig mail;
    IntakeConfig intake;
    EventsConfig events;
    PaymentsConfig payments;
    LookupConfig lookup;
    LimitsConfig limits;
    bool rate_limits = true;  // false when MOCUA_RATE_LIMITS=off
};

// One documented key, as the schema table knows it.
struct KeyInfo {
    std::string name;           // "server.listen"
    std::string default_value;  // as TOML text: "\"127.0.0.1:8080\"", "2", "true"
    std::string description;
};
const std::vector<KeyInfo>& Keys();

// Builds a Config from defaults, the TOML file at `path` (skipped when empty) and the environment
// given as name → value (pass the process environment, or a map in tests). Errors name the key or
// environment variable and say what is wrong; the first error wins.
core::Result<Config> Load(const std::string& path, const std::map<std::string, std::string>& env);

// Same, from TOML text (for tests and for messages that name a source).
core::Result<Config> LoadFromString(const std::string& toml_text, const std::string& source_name,
                                    const std::map<std::string, std::string>& env);

// The process environment's MOCUA_* variables.
std::map<std::string, std::string> ProcessEnvironment();

// Cross-key validation after flags are applied (e.g. a listen address that parses).
core::Result<void> Validate(const Config& config);

// Host and port of server.listen ("127.0.0.1:8080", "[::1]:0"). Error when malformed.
struct HostPort {
    std::string host;
    std::uint16_t port = 0;
};
core::Result<HostPort> ParseListen(const std::string& listen);

// "a, b ,c" → {"a", "b", "c"} (empty items dropped).
std::vector<std::string> ParseAddressList(const std::string& list);

}  // namespace mocua::config
