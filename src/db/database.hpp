#pragma once
// The database: SQLite (default, one file in the data directory) or PostgreSQL, through SOCI, with a
// fixed pool of sessions. One SQL code path serves both engines (`:name` placeholders, TEXT UTC
// times, 0/1 booleans); the few real differences go through Dialect (STYLE.md habit 6).
//
// soci.h is heavy: it is not included here. Files that run SQL include <soci/soci.h> themselves.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "core/result.hpp"

namespace soci {
class session;
class statement;
}  // namespace soci

namespace mocua::db {

enum class Engine { kSqlite, kPostgres };

// The few places where SQLite and PostgreSQL differ. Use Visit for a per-engine branch:
//   dialect.Visit([](SqliteTag) { ... }, [](PostgresTag) { ... });
struct SqliteTag {};
struct PostgresTag {};

class Dialect {
public:
    explicit Dialect(Engine engine) : engine_(engine) {}
    Engine engine() const { return engine_; }
    const char* name() const { return engine_ == Engine::kSqlite ? "SQLite" : "PostgreSQL"; }

    template <typename SqliteFn, typename PostgresFn>
    decltype(auto) Visit(SqliteFn&& sqlite, PostgresFn&& postgres) const {
        if (engine_ == Engine::kSqlite) return sqlite(SqliteTag{});
        return postgres(PostgresTag{});
    }

    // Starts a transaction that will write. SQLite takes the write lock at once (BEGIN IMMEDIATE) so
    // two writers queue on the busy timeout instead of failing mid-way.
    const char* BeginWrite() const { return engine_ == Engine::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN"; }

private:
    Engine engine_;
};

struct DatabaseOptions {
    // "" or "sqlite:PATH": SQLite; "postgresql://…" or "postgres://…": PostgreSQL (libpq URI).
    std::string url;
    std::string sqlite_path;  // used when url is empty
    int pool_size = 8;
    int busy_timeout_ms = 5'000;
    // SQLite's page cache per connection, in MiB (pages are allocated as used). The default 2 MiB made
    // a large write transaction (an import batch) spill dirty pages to the WAL several times over.
    int sqlite_cache_mib = 32;
};

class Database;
struct PooledSession;

// A statement prepared once per session and kept (SQLite: sqlite3_prepare; PostgreSQL: a named
// prepared statement), for queries on hot paths. Bind for each use, then execute:
//   auto st = connection.Prepared("SELECT name FROM t WHERE id = :id");
//   st->exchange(soci::into(name)); st->exchange(soci::use(id)); st->define_and_bind();
//   st->execute(true);
// The bindings are released when the PreparedStatement goes out of scope; the prepared statement
// stays in the session's cache. Valid only while the Connection is held.
class PreparedStatement {
public:
    PreparedStatement(soci::statement* statement, bool sqlite) : statement_(statement), sqlite_(sqlite) {}
    PreparedStatement(PreparedStatement&& other) noexcept : statement_(other.statement_), sqlite_(other.sqlite_) {
        other.statement_ = nullptr;
    }
    PreparedStatement& operator=(PreparedStatement&&) = delete;
    ~PreparedStatement();
    soci::statement* operator->() { return statement_; }
    soci::statement& operator*() { return *statement_; }

private:
    soci::statement* statement_;
    bool sqlite_;  // reset on release (see the destructor)
};

// A session borrowed from the pool; goes back when destroyed. Not thread-safe: one thread at a time.
class Connection {
public:
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&&) = delete;
    ~Connection();
    soci::session& sql();
    const Dialect& dialect() const;
    // The cached prepared statement for `query` on this session (prepared on first use).
    PreparedStatement Prepared(const std::string& query);

private:
    friend class Database;
    friend class Transaction;  // tells the database after a commit
    Connection(Database* db, PooledSession* s) : db_(db), session_(s) {}
    Database* db_;
    PooledSession* session_;
};

// Begins in the constructor (BeginWrite), rolls back in the destructor unless Commit() was called.
class Transaction {
public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void Commit();  // throws on failure (e.g. a serialization error)

private:
    Connection& connection_;
    bool done_ = false;
};

class Database {
public:
    // Opens pool_size sessions (SQLite: WAL, synchronous=FULL, foreign_keys=ON, busy timeout).
    // Error with a message an IT officer can act on (no password) when the database is unreachable.
    static core::Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
    ~Database();

    Engine engine() const { return dialect_.engine(); }
    const Dialect& dialect() const { return dialect_; }
    // "SQLite /var/lib/mocua/mocua.db" or "PostgreSQL db.example/mocua" (never a password).
    const std::string& description() const { return description_; }

    // Borrows a session, waiting while all are in use. Thread-safe. Throws std::runtime_error when
    // none frees up within 30 s (a stuck pool is a bug, and the request becomes a 500). A PostgreSQL
    // session whose connection was lost (server restarted) is reconnected first.
    Connection Acquire();

    // Runs f(soci::session&) in a write transaction and commits, unless f throws or returns a
    // core::Result that is an error: then it rolls back and passes the outcome on.
    template <typename F>
    auto InTransaction(F&& f) -> std::invoke_result_t<F, soci::session&> {
        Connection c = Acquire();
        Transaction tx(c);
        if constexpr (std::is_void_v<std::invoke_result_t<F, soci::session&>>) {
            f(c.sql());
            tx.Commit();
        } else {
            auto result = f(c.sql());
            if constexpr (requires { result.ok(); }) {
                if (result.ok()) tx.Commit();
            } else {
                tx.Commit();
            }
            return result;
        }
    }

    // Runs a script of several statements (migrations). Throws std::runtime_error with the
    // database's message on failure.
    void ExecuteScript(soci::session& sql, const std::string& script) const;

    // True when a trivial query succeeds. Never throws.
    bool Ping();

    std::size_t pool_size() const { return sessions_.size(); }
    std::size_t in_use() const;

    // Called on the committing thread after every committed write transaction (Transaction::Commit):
    // the dossier change watcher uses it to look for new changes at once instead of at its next poll.
    // Set once at start-up, before other threads use the database; must be quick and must not throw.
    void SetCommitObserver(std::function<void()> observer) { commit_observer_ = std::move(observer); }

private:
    friend class Connection;
    friend class Transaction;  // calls the commit observer
    explicit Database(Engine engine);
    void Release(PooledSession* s);
    // PostgreSQL: replaces a session whose connection libpq reports broken (see Acquire). Never throws.
    void ReconnectIfBroken(PooledSession& s);

    Dialect dialect_;
    std::string description_;
    std::vector<std::unique_ptr<PooledSession>> sessions_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<PooledSession*> free_;
    std::function<void()> commit_observer_;
};

// Parses the engine from a URL ("" and sqlite: → SQLite). Error for anything else.
core::Result<Engine> EngineFromUrl(const std::string& url);

}  // namespace mocua::db
