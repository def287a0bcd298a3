#include "db/database.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "log/log.hpp"

namespace mocua::db {

// A pooled session with its cache of prepared statements.
struct PooledSession {
    explicit PooledSession(std::unique_ptr<soci::session> s) : session(std::move(s)) {}
    std::unique_ptr<soci::session> session;
    std::unordered_map<std::string, std::unique_ptr<soci::statement>> prepared;
};

namespace {

// "postgresql://user:secret@host:5432/db?x=y" → "host:5432/db"
std::string RedactedPostgres(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return "(unparsed URL)";
    std::string rest = url.substr(scheme + 3);
    rest = rest.substr(0, rest.find('?'));
    const auto at = rest.find('@');
    if (at != std::string::npos && at < rest.find('/')) rest = rest.substr(at + 1);
    return rest.empty() || rest[0] == '/' ? "(local socket)" + rest : rest;
}

// Removes "user:password@" from every URL in a message (libpq may echo the connection string).
std::string WithoutCredentials(std::string text) {
    for (auto pos = text.find("://"); pos != std::string::npos; pos = text.find("://", pos + 3)) {
        const auto end = text.find_first_of(" \t\n\"'", pos + 3);
        const auto at = text.find('@', pos + 3);
        if (at != std::string::npos && (end == std::string::npos || at < end))
            text.replace(pos + 3, at - pos - 2, "***@");
    }
    return text;
}

std::string SqliteConnectString(const std::string& path, int busy_timeout_ms) {
    // SOCI's SQLite backend takes key=value pairs; quotes keep spaces in the path.
    return "db=\"" + path + "\" timeout=" + std::to_string(std::max(1, busy_timeout_ms / 1000)) +
           " shared_cache=false";
}

}  // namespace

core::Result<Engine> EngineFromUrl(const std::string& url) {
    if (url.empty() || url.starts_with("sqlite:")) return Engine::kSqlite;
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return Engine::kPostgres;
    return core::Error::InvalidArgument("database URL must be empty, sqlite:PATH or postgresql://…");
}

Connection::Connection(Connection&& other) noexcept : db_(other.db_), session_(other.session_) {
    other.db_ = nullptr;
    other.session_ = nullptr;
}

const Dialect& Connection::dialect() const { return db_->dialect(); }

soci::session& Connection::sql() { return *session_->session; }

PreparedStatement Connection::Prepared(const std::string& query) {
    auto& slot = session_->prepared[query];
    if (!slot) {
        auto st = std::make_unique<soci::statement>(*session_->session);
        st->alloc();
        st->prepare(query);
        slot = std::move(st);
    }
    return PreparedStatement(slot.get(), db_->engine() == Engine::kSqlite);
}

PreparedStatement::~PreparedStatement() {
    if (!statement_) return;
    // A SELECT read with execute(true) has stepped once and is still active: on SQLite that keeps the
    // connection inside a read transaction (an old WAL snapshot) until the statement is reset, and a
    // later BEGIN IMMEDIATE on this pooled connection then fails at once with "database is locked"
    // instead of waiting for the busy timeout. Reset it now (sqlite3_reset keeps it prepared).
    if (sqlite_) {
        auto* backend = static_cast<soci::sqlite3_statement_backend*>(statement_->get_backend());
        if (backend && backend->stmt_) sqlite_api::sqlite3_reset(backend->stmt_);
    }
    statement_->bind_clean_up();
}

Connection::~Connection() {
    if (db_ && session_) db_->Release(session_);
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
    // Begin through the dialect, not soci::transaction, so SQLite takes the write lock up front.
    connection_.sql() << connection_.dialect().BeginWrite();
}

Transaction::~Transaction() {
    if (done_) return;
    try {
        connection_.sql() << "ROLLBACK";
    } catch (const std::exception& e) {
        // The connection may be broken; the database discards the transaction on its own.
        log::Get("db")->warn("rollback failed: {}", e.what());
    }
}

void Transaction::Commit() {
    connection_.sql() << "COMMIT";
    done_ = true;
    if (connection_.db_->commit_observer_) connection_.db_->commit_observer_();
}

Database::Database(Engine engine) : dialect_(engine) {}

Database::~Database() = default;

core::Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
    auto engine = EngineFromUrl(options.url);
    if (!engine.ok()) return engine.error();
    std::unique_ptr<Database> db(new Database(*engine));
    try {
        if (*engine == Engine::kSqlite) {
            const std::string path = options.url.empty() ? options.sqlite_path : options.url.substr(7);
            db->description_ = "SQLite " + path;
            for (int i = 0; i < options.pool_size; ++i) {
                auto s = std::make_unique<soci::session>(*soci::factory_sqlite3(),
                                                         SqliteConnectString(path, options.busy_timeout_ms));
                *s << "PRAGMA busy_timeout = " + std::to_string(options.busy_timeout_ms);
                *s << "PRAGMA journal_mode = WAL";
                *s << "PRAGMA synchronous = FULL";
                *s << "PRAGMA foreign_keys = ON";
                *s << "PRAGMA cache_size = -" + std::to_string(options.sqlite_cache_mib * 1024);
                db->sessions_.push_back(std::make_unique<PooledSession>(std::move(s)));
            }
        } else {
            db->description_ = "PostgreSQL " + RedactedPostgres(options.url);
            for (int i = 0; i < options.pool_size; ++i) {
                auto s = std::make_unique<soci::session>(*soci::factory_postgresql(), options.url);
                *s << "SET TIME ZONE 'UTC'";
                *s << "SET client_min_messages TO WARNING";  // no NOTICE chatter on stderr
                db->sessions_.push_back(std::make_unique<PooledSession>(std::move(s)));
            }
        }
    } catch (const std::exception& e) {
        // libpq can echo the connection string; never let a password reach a log.
        return core::Error::Unavailable("cannot open " + db->description_ + ": " +
                                        WithoutCredentials(e.what()));
    }
    for (auto& s : db->sessions_) db->free_.push_back(s.get());
    return db;
}

Connection Database::Acquire() {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(30), [this] { return !free_.empty(); })) {
        throw std::runtime_error("no database connection became free within 30 s (pool of " +
                                 std::to_string(sessions_.size()) + ")");
    }
    PooledSession* s = free_.back();
    free_.pop_back();
    lock.unlock();
    if (engine() == Engine::kPostgres) ReconnectIfBroken(*s);
    return Connection(this, s);
}

void Database::ReconnectIfBroken(PooledSession& s) {
    // libpq marks a connection bad once a call on it failed (the server restarted, or ended the session):
    // without this the pooled session would fail every later request until mocua restarts. The request
    // that met the failure has already answered 503; the next one gets a fresh connection.
    auto* backend = static_cast<soci::postgresql_session_backend*>(s.session->get_backend());
    if (backend && backend->conn_ && PQstatus(backend->conn_) == CONNECTION_OK) return;
    log::Get("db")->warn("PostgreSQL connection lost; reconnecting");
    try {
        s.prepared.clear();  // prepared statements belong to the old connection
        s.session->reconnect();
        *s.session << "SET TIME ZONE 'UTC'";
        *s.session << "SET client_min_messages TO WARNING";
    } catch (const std::exception& e) {
        // Still down: this request fails with the database's error (a 503), and the next one retries.
        log::Get("db")->warn("PostgreSQL reconnect failed: {}", WithoutCredentials(e.what()));
    }
}

void Database::Release(PooledSession* s) {
    {
        std::lock_guard lock(mu_);
        free_.push_back(s);
    }
    cv_.notify_one();
}

std::size_t Database::in_use() const {
    std::lock_guard lock(mu_);
    return sessions_.size() - free_.size();
}

bool Database::Ping() {
    try {
        Connection c = Acquire();
        int one = 0;
        c.sql() << "SELECT 1", soci::into(one);
        return one == 1;
    } catch (const std::exception& e) {
        log::Get("db")->warn("database ping failed: {}", e.what());
        return false;
    }
}

void Database::ExecuteScript(soci::session& sql, const std::string& script) const {
    if (engine() == Engine::kSqlite) {
        auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
        char* err = nullptr;
        if (sqlite_api::sqlite3_exec(backend->conn_, script.c_str(), nullptr, nullptr, &err) !=
            0 /* SQLITE_OK */) {
            std::string msg = err ? err : "unknown SQLite error";
            sqlite_api::sqlite3_free(err);
            throw std::runtime_error(msg);
        }
    } else {
        auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
        PGresult* res = PQexec(backend->conn_, script.c_str());
        const auto status = PQresultStatus(res);
        std::string msg = PQresultErrorMessage(res);
        PQclear(res);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw std::runtime_error(msg);
    }
}

}  // namespace mocua::db
