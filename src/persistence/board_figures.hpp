#pragma once
// board::BoardFigures over this system's tables: the dossiers received by a unit's subtree, with their
// supplement pauses (migrations 0009–0010), judged by board::Compute. One SQL path for both engines.
// Thread-safe (each call borrows its own connection); throws when the database fails.
#include "domain/board/board.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::persistence {

class SqlBoardFigures final : public domain::board::BoardFigures {
public:
    explicit SqlBoardFigures(db::Database& database) : database_(database) {}
    domain::board::Figures ForUnit(std::int64_t unit_id, const domain::board::Window& window,
                                   core::TimePoint now) override;
    std::vector<std::int64_t> Subtree(std::int64_t unit_id) override;

private:
    db::Database& database_;
};

}  // namespace mocua::persistence
