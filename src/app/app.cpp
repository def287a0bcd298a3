#include "app/app.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include <spdlog/spdlog.h>

#include "adapters/crypto/sodium.hpp"
#include "adapters/pdf/pdf_renderer.hpp"
#include "adapters/spreadsheet/table_xlsx.hpp"
#include "app/calendar_stack.hpp"
#include "app/dossier_stack.hpp"
#include "app/identity_stack.hpp"
#include "app/kpi_stack.hpp"
#include "app/mail_outbox.hpp"
#include "app/oidc_login.hpp"
#include "app/payment_stack.hpp"
#include "app/services.hpp"
#include "core/metrics.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "db/pg_listener.hpp"
#include "db/storage.hpp"
#include "domain/board/board_feed.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/events/event_hub.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/lookup/lookup_service.hpp"
#include "domain/org/units.hpp"
#include "domain/site/site_profile.hpp"
#include "http/pipeline.hpp"
#include "http/request_limits.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/periodic.hpp"
#include "log/log.hpp"
#include "persistence/audit_repository.hpp"
#include "persistence/board_figures.hpp"
#include "persistence/catalog_repository.hpp"
#include "persistence/dossier_change_watcher.hpp"
#include "persistence/dossier_repository.hpp"
#include "persistence/org_repository.hpp"
#include "persistence/site_profile_repository.hpp"
#include "web/account_pages.hpp"
#include "web/auth_pages.hpp"
#include "web/i18n.hpp"
#include "web/shell.hpp"

namespace mocua::app {

namespace fs = std::filesystem;

namespace {

// Built assets ship next to the binary: build/mocua and build/static/.
std::string DefaultStaticDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return "static";
    return (exe.parent_path() / "static").string();
}

// The message catalogues of the web shell as mail templates (mail.NAME.subject, …).
domain::notify::MessageLookup MailMessages(const web::Shell& shell) {
    return [catalog = &shell.catalog()](std::string_view language, std::string_view key) {
        return catalog->Find(language == "en" ? web::Language::kEn : web::Language::kVi, key);
    };
}

// The lookup throttle as configured ([lookup], MOCUA_RATE_LIMITS).
domain::lookup::MissLimiterOptions LookupLimiterOptions(const config::Config& config) {
    domain::lookup::MissLimiterOptions o;
    o.enabled = config.rate_limits;
    o.burst = config.lookup.miss_burst;
    o.refill_every = std::chrono::seconds(config.lookup.miss_refill_seconds);
    std::string_view rest = config.lookup.exempt_addresses;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) o.exempt_addresses.emplace_back(item);
    }
    return o;
}

// The request rate limits as configured ([limits], MOCUA_RATE_LIMITS).
http::RequestLimitsOptions RequestLimitOptions(const config::Config& config) {
    const auto& l = config.limits;
    const auto per_minute = [](int count, int burst) {
        return http::RateAllowance{burst,
                                   std::chrono::milliseconds(std::max(1, 60'000 / std::max(1, count)))};
    };
    http::RequestLimitsOptions o;
    o.enabled = config.rate_limits;
    o.address_read = per_minute(l.address_reads_per_minute, l.address_read_burst);
    o.address_write = per_minute(l.address_writes_per_minute, l.address_write_burst);
    o.account_read = per_minute(l.account_reads_per_minute, l.account_read_burst);
    o.account_write = per_minute(l.account_writes_per_minute, l.account_write_burst);
    o.max_tracked = static_cast<std::size_t>(l.max_tracked_clients);
    std::string_view rest = l.exempt_addresses;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) o.exempt_addresses.emplace_back(item);
    }
    return o;
}

}  // namespace

struct App::Impl {
    explicit Impl(config::Config c, const core::Clock* clk)
        : config(std::move(c)), clock(clk ? clk : &system_clock) {}

    config::Config config;
    core::SystemClock system_clock;
    const core::Clock* clock;
    std::shared_ptr<spdlog::logger> log = log::Get("app");
    core::Metrics metrics;

    // Declared in start order; Stop() tears down in reverse.
    std::unique_ptr<db::Database> database;
    std::unique_ptr<persistence::SqlSiteProfileRepository> site_repository;
    std::unique_ptr<domain::site::SiteService> site_service;
    std::unique_ptr<IdentityStack> identity;
    std::unique_ptr<persistence::SqlCatalogRepository> catalog_repository;
    std::unique_ptr<domain::catalog::CatalogService> catalog;
    std::unique_ptr<CalendarStack> calendar;
    std::unique_ptr<adapters::SodiumCrypto> web_sealer;  // state the browser carries between pages
    std::unique_ptr<web::ExternalLogin> vneid;           // e-ID (OIDC) login, when configured
    std::unique_ptr<web::Shell> web_shell;
    std::unique_ptr<adapters::mail::SmtpSender> mail_sender;  // when [mail] is enabled; outlives the jobs
    std::unique_ptr<jobs::JobQueue> jobs;
    std::unique_ptr<JobMailOutbox> mail_outbox;  // when [mail] is enabled
    std::unique_ptr<DossierStack> dossiers;
    // Live updates (docs/adr/0071-live-updates-sse.md): the hub, the board's figures and feed, the
    // watcher of the dossier change cursor and, on PostgreSQL, its LISTEN connection.
    std::unique_ptr<domain::events::EventHub> events;
    std::unique_ptr<persistence::SqlBoardFigures> board_figures;
    std::unique_ptr<domain::board::BoardFeed> board_feed;
    std::unique_ptr<persistence::DossierChangeWatcher> change_watcher;
    std::unique_ptr<db::PgListener> change_listener;
    std::unique_ptr<PaymentStack> payments;  // when [payments] is enabled
    std::unique_ptr<KpiStack> kpi;           // Decision 766 figures (the routes share it)
    std::unique_ptr<domain::lookup::MissLimiter> lookup_limiter;  // in memory: per node, reset on restart
    std::unique_ptr<domain::lookup::LookupService> lookup;
    adapters::pdf::PdfDocumentRenderer documents;
    adapters::spreadsheet::XlsxTableWriter spreadsheets;
    std::optional<http::StaticFiles> static_files;
    Services services;
    http::Router router;
    std::unique_ptr<http::Pipeline> pipeline;
    std::unique_ptr<http::RequestLimits> request_limits;  // in memory: per node, reset on restart
    std::unique_ptr<core::WorkerPool> pool;
    std::unique_ptr<http::Server> server;
    bool started = false;
};

namespace {

// Once nothing writes any more: no commit may poke a watcher that is going away.
void StopLiveUpdates(db::PgListener* listener, db::Database& database,
                     persistence::DossierChangeWatcher& watcher, domain::board::BoardFeed& feed) {
    if (listener) listener->Stop();
    database.SetCommitObserver(nullptr);
    watcher.Stop();
    feed.Stop();
}

}  // namespace

App::App(config::Config config, const core::Clock* clock)
    : impl_(std::make_unique<Impl>(std::move(config), clock)) {}

App::~App() { Stop(); }

core::Result<void> App::Open(bool migrate) {
    auto& i = *impl_;
    if (i.database) return {};
    std::error_code ec;
    fs::create_directories(i.config.storage.data_dir, ec);
    if (ec) {
        return core::Error::Unavailable("cannot create the data directory `" + i.config.storage.data_dir +
                                        "`: " + ec.message());
    }
    db::DatabaseOptions options;
    options.url = i.config.database.url;
    options.sqlite_path = (fs::path(i.config.storage.data_dir) / "mocua.db").string();
    options.pool_size = i.config.database.pool_size;
    options.busy_timeout_ms = i.config.database.busy_timeout_ms;
    options.sqlite_cache_mib = i.config.database.sqlite_cache_mib;
    auto opened = db::Database::Open(options);
    if (!opened.ok()) return opened.error();
    i.database = std::move(opened.value());
    i.log->info("database: {}", i.database->description());

    if (migrate) {
        auto applied = db::Migrate(*i.database, [&i](const db::Migration& m) {
            i.log->info("applied migration {:04d}_{}", m.version, m.name);
        });
        if (!applied.ok()) return applied.error();
    }
    auto status = db::ReadSchemaStatus(*i.database);
    if (!status.ok()) return status.error();
    if (!status->up_to_date()) {
        i.log->warn(
            "the database schema is at version {} of {}; run `mocua migrate` (/readyz answers 503 until "
            "then)",
            status->current, status->latest);
    }
    return {};
}

core::Result<void> App::Start() {
    auto& i = *impl_;
    if (i.started) return {};
    if (auto opened = Open(i.config.database.auto_migrate); !opened.ok()) return opened;

    const std::string static_dir =
        i.config.server.static_dir.empty() ? DefaultStaticDir() : i.config.server.static_dir;
    auto files = http::StaticFiles::Load(static_dir);
    if (!files.ok()) return files.error();
    i.static_files.emplace(std::move(files.value()));

    i.site_repository = std::make_unique<persistence::SqlSiteProfileRepository>(*i.database);
    i.site_service = std::make_unique<domain::site::SiteService>(*i.site_repository, *i.clock);
    auto identity = IdentityStack::Create(*i.database, *i.clock, i.config);
    if (!identity.ok()) return identity.error();
    i.identity = std::move(identity.value());
    i.catalog_repository =
        std::make_unique<persistence::SqlCatalogRepository>(*i.database, i.identity->hasher(), *i.clock);
    i.catalog = std::make_unique<domain::catalog::CatalogService>(*i.catalog_repository, i.identity->hasher(),
                                                                  *i.clock);
    i.calendar =
        std::make_unique<CalendarStack>(*i.database, *i.clock, i.identity->units(), i.identity->hasher());

    // The web shell: templates and catalogues are checked here, so a broken template stops start-up.
    auto csrf = web::CsrfProtection::LoadOrCreate(i.config.storage.data_dir);
    if (!csrf.ok()) return csrf.error();
    auto shell = web::Shell::Create(web::EmbeddedWebFiles(), std::move(csrf.value()), i.site_service.get(),
                                    &*i.static_files, *i.clock,
                                    web::ShellOptions{.secure_cookies = i.config.server.behind_tls_proxy});
    if (!shell.ok()) return shell.error();
    i.web_shell = std::move(shell.value());
    i.web_shell->SetRoleResolver(web::ViewerRoles);  // the navigation shows the viewer's role items
    auto sealer_key = adapters::LoadOrCreateSecretKey(i.config.storage.data_dir, "web-state.key");
    if (!sealer_key.ok()) return sealer_key.error();
    i.web_sealer = std::make_unique<adapters::SodiumCrypto>(std::move(sealer_key.value()));
    if (i.config.oidc.enabled) {
        auto vneid = MakeOidcLogin(i.config, *i.clock);
        if (!vneid.ok()) return vneid.error();
        i.vneid = std::move(vneid.value());
        i.log->info("e-ID sign-in (OIDC) offered; issuer {}", i.config.oidc.issuer);
    }

    jobs::JobQueueOptions job_options;
    job_options.worker_id = std::to_string(::getpid());
    job_options.workers = i.config.jobs.workers;
    job_options.poll_interval = std::chrono::milliseconds(i.config.jobs.poll_interval_ms);
    job_options.lease = std::chrono::seconds(i.config.jobs.lease_seconds);
    i.jobs = std::make_unique<jobs::JobQueue>(*i.database, *i.clock, job_options);
    if (i.config.mail.enabled) {
        // Without [mail] no handler is registered and mail.send jobs wait in the queue, unsent.
        const config::MailConfig& mail = i.config.mail;
        const char* password = std::getenv(config::kMailPasswordEnv);
        if (!mail.username.empty() && (!password || !*password)) {
            return core::Error::InvalidArgument(std::string("the environment variable ") +
                                                config::kMailPasswordEnv +
                                                " must hold the SMTP password when mail.username is set");
        }
        adapters::mail::SmtpSender::Options options;
        options.url = mail.url;
        options.starttls = mail.starttls && mail.url.starts_with("smtp://");
        options.username = mail.username;
        options.password = password ? password : "";
        options.helo_name = mail.from.substr(mail.from.rfind('@') + 1);
        options.total_timeout = std::chrono::milliseconds(mail.timeout_ms);
        options.connect_timeout = std::min(options.total_timeout, std::chrono::milliseconds(10'000));
        i.mail_sender = std::make_unique<adapters::mail::SmtpSender>(std::move(options));
        i.jobs->RegisterHandler(std::string(kMailJobKind),
                                MakeMailJobHandler(*i.mail_sender, {mail.from, mail.from_name}, *i.clock));
        i.mail_outbox = std::make_unique<JobMailOutbox>(*i.jobs, mail.max_attempts);
        i.log->info("e-mail sent through {} as {}", mail.url, mail.from);
    }

    auto dossiers = DossierStack::Create(
        i.config, DossierStackParts{*i.database, *i.clock, i.identity->hasher(), *i.catalog,
                                    i.calendar->service(), i.identity->units(), i.identity->access(),
                                    i.mail_outbox.get(), MailMessages(*i.web_shell)});
    if (!dossiers.ok()) return dossiers.error();
    i.dossiers = std::move(dossiers.value());
    if (i.config.jobs.enabled) {
        auto scheduled = i.dossiers->ScheduleDeadlines(
            *i.jobs, std::chrono::minutes(i.config.intake.deadline_sweep_minutes));
        if (!scheduled.ok()) return scheduled.error();
    }
    if (i.config.payments.enabled) {
        auto payments = PaymentStack::Create(i.config, *i.database, *i.clock, i.identity->hasher(),
                                             &i.dossiers->processing());
        if (!payments.ok()) return payments.error();
        i.payments = std::move(payments.value());
        i.payments->KeepReceiptsIn(i.dossiers->blobs());
        i.payments->RequestFeesWhenAwaited(i.dossiers->processing(), *i.catalog, *i.clock);
        i.payments->ScheduleReconciliation(*i.jobs, *i.clock);
        i.log->info("fees taken through the gateway at {} as merchant {}", i.config.payments.pay_url,
                    i.config.payments.merchant_code);
    }

    i.kpi = std::make_unique<KpiStack>(*i.database, i.identity->hasher(), *i.clock, i.calendar->service(),
                                       domain::kpi::DefaultConfig());
    if (i.config.jobs.enabled) {
        // The figures catch up with dossier changes in the background (a big import, another node's
        // work), so a report seldom has to project a backlog itself.
        auto scheduled = jobs::SchedulePeriodic(
            *i.jobs, *i.clock, std::string(kKpiRefreshJobKind),
            {.every = std::chrono::seconds(i.config.jobs.kpi_refresh_seconds), .run_at_start = true},
            [kpi = i.kpi.get()] {
                const auto projected = kpi->service().Refresh();
                if (projected > 0) log::Get("kpi")->info("kpi.refresh: {} dossiers projected", projected);
                return jobs::JobOutcome::Success();
            });
        if (!scheduled.ok()) return scheduled.error();
    }

    i.services = Services{.clock = i.clock,
                          .metrics = &i.metrics,
                          .database = i.database.get(),
                          .static_files = &*i.static_files,
                          .jobs = i.jobs.get(),
                          .site = i.site_service.get(),
                          .web = i.web_shell.get(),
                          .org = &i.identity->org(),
                          .units = &i.identity->units(),
                          .accounts = &i.identity->accounts(),
                          .sessions = &i.identity->sessions(),
                          .access = &i.identity->access(),
                          .audit = &i.identity->audit(),
                          .sealer = i.web_sealer.get(),
                          .catalog = i.catalog.get(),
                          .vneid = i.vneid.get(),
                          .calendar = &i.calendar->service(),
                          .dossiers = &i.dossiers->service(),
                          .processing = &i.dossiers->processing(),
                          .documents = &i.documents};
    i.events = std::make_unique<domain::events::EventHub>();
    i.board_figures = std::make_unique<persistence::SqlBoardFigures>(*i.database);
    i.board_feed = std::make_unique<domain::board::BoardFeed>(*i.board_figures, *i.events, *i.clock);
    i.change_watcher = std::make_unique<persistence::DossierChangeWatcher>(
        *i.database, *i.events,
        persistence::DossierChangeWatcher::Options{
            .poll_interval = std::chrono::milliseconds(i.config.events.poll_interval_ms)});
    i.services.events = i.events.get();
    i.services.board = i.board_figures.get();
    i.services.board_feed = i.board_feed.get();
    i.services.events_heartbeat_seconds = i.config.events.heartbeat_seconds;
    i.services.spreadsheets = &i.spreadsheets;
    i.services.payments = i.payments ? &i.payments->service() : nullptr;
    i.lookup_limiter =
        std::make_unique<domain::lookup::MissLimiter>(*i.clock, LookupLimiterOptions(i.config));
    if (!i.config.rate_limits) {
        i.log->warn("{}=off: every rate limit is switched off (the dossier lookup throttle too)",
                    config::kRateLimitsEnv);
    }
    i.lookup = std::make_unique<domain::lookup::LookupService>(
        i.dossiers->repository(), *i.catalog, i.identity->units(), i.dossiers->blobs(), i.dossiers->signer(),
        *i.lookup_limiter, *i.clock);
    i.services.lookup = i.lookup.get();
    i.services.kiosk_idle_seconds = i.config.lookup.kiosk_idle_seconds;
    i.services.metrics_allow = config::ParseAddressList(i.config.server.metrics_allow);
    i.services.kpi = &i.kpi->service();
    RegisterAllRoutes(i.router, i.services);
    std::vector<core::Metrics::RouteLabel> labels;
    for (const auto& r : i.router.routes()) labels.push_back({r->method, r->pattern});
    i.metrics.SetRoutes(std::move(labels));

    i.pool = std::make_unique<core::WorkerPool>(i.config.server.workers,
                                                static_cast<std::size_t>(i.config.server.worker_queue));
    i.metrics.AddGauge("mocua_worker_pool_queue_depth", "Blocking tasks waiting for a worker.",
                       [pool = i.pool.get()] { return static_cast<double>(pool->queue_depth()); });
    i.metrics.AddGauge("mocua_worker_pool_busy", "Workers running a task.",
                       [pool = i.pool.get()] { return static_cast<double>(pool->busy()); });
    i.metrics.AddGauge("mocua_db_pool_in_use", "Database connections lent out.",
                       [db = i.database.get()] { return static_cast<double>(db->in_use()); });
    i.metrics.AddGauge("mocua_db_pool_size", "Database connections kept open.",
                       [db = i.database.get()] { return static_cast<double>(db->pool_size()); });

    i.pipeline = std::make_unique<http::Pipeline>(
        i.router, i.metrics,
        http::PipelineOptions{.access_log = i.config.log.access_log,
                              .behind_tls_proxy = i.config.server.behind_tls_proxy});
    i.pipeline->SetErrorRenderer(
        [shell = i.web_shell.get()](const http::Request& request, int status, std::string_view code) {
            return shell->ErrorPage(request, status, code);
        });
    // Rate limits per client address and per account (issue 11; docs/adr/0102).
    i.request_limits = std::make_unique<http::RequestLimits>(*i.clock, RequestLimitOptions(i.config));
    i.pipeline->SetRequestLimits(i.request_limits.get());
    // A full disk, an I/O error or a lost database answers 503 with a log line, not 500 (issue 11).
    i.pipeline->SetStorageFailureClassifier(
        [](const std::exception& e, std::string* reason) { return db::IsStorageFailure(e, reason); });
    i.pipeline->SetErrorDescriber([](const std::exception& e) { return db::LoggableError(e); });
    // Who is calling: a personal API token (Authorization: Bearer …) or the session cookie.
    i.pipeline->SetAuthenticator(
        [sessions = &i.identity->sessions()](const http::Request& request) -> std::optional<http::Principal> {
            std::optional<domain::identity::Principal> found;
            if (auto auth = request.Header("Authorization"); auth && auth->starts_with("Bearer ")) {
                found = sessions->AuthenticateBearer(auth->substr(7));
            } else if (auto cookie = web::CookieValue(request, web::kSessionCookie)) {
                // A form on another site can send the browser's cookie with a POST to the API (multipart
                // needs no preflight), and the API checks no form token. So an API write signed in by
                // the cookie must carry X-Requested-With, a header such a form cannot set and that no
                // cross-origin script may send without a CORS answer we never give; without it the
                // caller is anonymous (docs/adr/0101-fuzzing-and-scans.md).
                const bool safe =
                    request.method == "GET" || request.method == "HEAD" || request.method == "OPTIONS";
                if (safe || !request.path.starts_with("/api/") || request.Header("X-Requested-With"))
                    found = sessions->Authenticate(*cookie);
            }
            if (!found) return std::nullopt;
            http::Principal principal{
                found->account_id, std::string(domain::identity::AccountKindName(found->kind)), {}};
            for (const auto& grant : found->grants) {
                principal.roles.push_back(grant.role);
                principal.grants.emplace_back(grant.role, grant.unit_id);
            }
            // Personal API tokens are credentials of their own: no page steps apply to them.
            if (found->via == domain::identity::Principal::Via::kSession) {
                principal.required_step =
                    web::RequiredStep(found->must_change_password, found->mfa_enrolment_required);
            }
            return principal;
        });

    auto listen = config::ParseListen(i.config.server.listen);
    if (!listen.ok()) return listen.error();
    http::ServerOptions server_options;
    server_options.host = listen->host;
    server_options.port = listen->port;
    server_options.io_threads = i.config.server.io_threads;
    server_options.body_limit_bytes = static_cast<std::uint64_t>(i.config.server.body_limit_bytes);
    server_options.header_timeout = std::chrono::milliseconds(i.config.server.header_timeout_ms);
    server_options.body_timeout = std::chrono::milliseconds(i.config.server.body_timeout_ms);
    server_options.idle_timeout = std::chrono::milliseconds(i.config.server.idle_timeout_ms);
    server_options.shutdown_grace = std::chrono::milliseconds(i.config.server.shutdown_grace_ms);
    server_options.max_event_streams = i.config.events.max_streams;
    server_options.max_in_flight = i.config.limits.max_in_flight;
    server_options.header_limit_bytes = static_cast<std::uint32_t>(i.config.limits.header_limit_bytes);
    server_options.url_limit_bytes = static_cast<std::uint32_t>(i.config.limits.url_limit_bytes);
    i.server = std::make_unique<http::Server>(server_options, *i.pipeline, *i.pool);
    i.metrics.AddGauge("mocua_http_in_flight", "Requests being served (503 above limits.max_in_flight).",
                       [server = i.server.get()] { return static_cast<double>(server->in_flight()); });
    // Every commit in this process pokes the watcher; other writers (the CLI, other nodes) are found by
    // polling and, on PostgreSQL, by the NOTIFY of the change cursor's trigger (migration 0012).
    i.database->SetCommitObserver([watcher = i.change_watcher.get()] { watcher->Poke(); });
    i.change_watcher->Start();
    i.board_feed->Start();
    if (i.database->engine() == db::Engine::kPostgres) {
        i.change_listener =
            std::make_unique<db::PgListener>(i.config.database.url, "mocua_dossier_changes",
                                             [watcher = i.change_watcher.get()] { watcher->Poke(); });
        i.change_listener->Start();
    }
    if (auto started = i.server->Start(); !started.ok()) {
        i.server.reset();
        i.pool->Stop();
        StopLiveUpdates(i.change_listener.get(), *i.database, *i.change_watcher, *i.board_feed);
        return started;
    }
    if (i.config.jobs.enabled) i.jobs->Start();
    i.started = true;
    return {};
}

void App::Stop() {
    auto& i = *impl_;
    if (!i.started) return;
    i.started = false;
    i.server->Stop();  // no new requests; in-flight ones finish within the grace period
    i.jobs->Stop();
    // The pool must drain before the server is destroyed: its tasks hand results back to the server.
    i.pool->Stop();
    StopLiveUpdates(i.change_listener.get(), *i.database, *i.change_watcher, *i.board_feed);
    i.server.reset();
    i.log->info("stopped");
}

std::uint16_t App::port() const { return impl_->server ? impl_->server->port() : 0; }
const config::Config& App::config() const { return impl_->config; }
db::Database& App::database() { return *impl_->database; }
const http::Router& App::router() const { return impl_->router; }

}  // namespace mocua::app
