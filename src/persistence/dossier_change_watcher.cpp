#include "persistence/dossier_change_watcher.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <vector>

#include "db/database.hpp"
#include "log/log.hpp"

namespace mocua::persistence {

namespace events = domain::events;

DossierChangeWatcher::DossierChangeWatcher(db::Database& database, events::EventHub& hub, Options options)
    : database_(database), hub_(hub), options_(options) {}

DossierChangeWatcher::~DossierChangeWatcher() { Stop(); }

void DossierChangeWatcher::SkipToLatest() {
    auto c = database_.Acquire();
    long long last = 0;
    soci::indicator ind = soci::i_null;
    c.sql() << "SELECT MAX(seq) FROM dossier_changes", soci::into(last, ind);
    std::lock_guard lock(mu_);
    cursor_ = ind == soci::i_ok ? static_cast<std::int64_t>(last) : 0;
    positioned_ = true;
}

std::int64_t DossierChangeWatcher::cursor() const {
    std::lock_guard lock(mu_);
    return cursor_;
}

void DossierChangeWatcher::Start() {
    if (thread_.joinable()) return;
    try {
        SkipToLatest();
    } catch (const std::exception& e) {
        // A server started on a database not yet migrated (auto_migrate off) answers /readyz with 503;
        // the watcher finds its starting point once `mocua migrate` has made the table.
        log::Get("events")->warn("dossier changes not readable yet: {}", e.what());
    }
    {
        std::lock_guard lock(mu_);
        stop_ = false;
    }
    thread_ = std::thread([this] { Run(); });
}

void DossierChangeWatcher::Stop() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void DossierChangeWatcher::Poke() {
    {
        std::lock_guard lock(mu_);
        poked_ = true;
    }
    cv_.notify_one();
}

std::size_t DossierChangeWatcher::DrainOnce() {
    bool positioned = false;
    {
        std::lock_guard lock(mu_);
        positioned = positioned_;
    }
    if (!positioned) {
        SkipToLatest();  // history is not replayed, even when the table appeared after Start
        return 0;
    }
    std::size_t published = 0;
    for (;;) {
        std::vector<events::DossierChanged> batch;
        {
            auto c = database_.Acquire();
            long long after = cursor();
            long long seq = 0, receiving = 0, competent = 0;
            int state = 0;
            std::string code, procedure;
            const int limit = static_cast<int>(options_.batch);
            soci::statement st =
                (c.sql().prepare << "SELECT c.seq, d.code, d.receiving_unit_id, d.competent_unit_id, "
                                    "d.procedure_code, d.state FROM dossier_changes c "
                                    "JOIN dossiers d ON d.id = c.dossier_id WHERE c.seq > :after "
                                    "ORDER BY c.seq LIMIT :lim",
                 soci::into(seq), soci::into(code), soci::into(receiving), soci::into(competent),
                 soci::into(procedure), soci::into(state), soci::use(after, "after"),
                 soci::use(limit, "lim"));
            st.execute();
            while (st.fetch()) {
                batch.push_back({static_cast<std::int64_t>(seq), code, static_cast<std::int64_t>(receiving),
                                 static_cast<std::int64_t>(competent), procedure, state});
            }
        }
        // Published outside the connection: subscribers may read the database themselves.
        for (const auto& e : batch) {
            hub_.Publish(e);
            std::lock_guard lock(mu_);
            cursor_ = e.seq;
        }
        published += batch.size();
        if (batch.size() < options_.batch) return published;
    }
}

void DossierChangeWatcher::Run() {
    auto log = log::Get("events");
    for (;;) {
        {
            std::unique_lock lock(mu_);
            cv_.wait_for(lock, options_.poll_interval, [this] { return poked_ || stop_; });
            if (stop_) return;
            poked_ = false;
        }
        try {
            DrainOnce();
        } catch (const std::exception& e) {
            // The database may be restarting; the next poke or poll tries again from the same cursor.
            log->warn("reading dossier changes failed: {}", e.what());
        }
    }
}

}  // namespace mocua::persistence
