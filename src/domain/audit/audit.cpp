#include "domain/audit/audit.hpp"
#include "core/strings.hpp"

namespace mocua::domain::audit {

namespace {

void Field(std::string& out, std::string_view value) {
    out += std::to_string(value.size());
    out += ':';
    out += value;
    out += '\n';
}

std::string OptionalId(const std::optional<std::int64_t>& id) { return id ? std::to_string(*id) : ""; }

}  // namespace

std::string CanonicalContent(const Entry& e) {
    std::string out;
    Field(out, std::to_string(e.seq));
    Field(out, e.at);
    Field(out, OptionalId(e.actor_account_id));
    Field(out, OptionalId(e.acting_unit_id));
    Field(out, e.action);
    Field(out, e.target_type);
    Field(out, e.target_id);
    Field(out, e.ip);
    Field(out, e.request_id);
    Field(out, e.details);
    return out;
}

std::string ChainHash(const Sha256Hasher& hasher, const Entry& entry) {
    std::string data = entry.prev_hash;
    data += '\n';
    data += CanonicalContent(entry);
    return core::ToHex(hasher.Sha256(data));
}

Entry MakeEntry(const Sha256Hasher& hasher, std::int64_t prev_seq, std::string_view prev_hash,
                const Event& event, core::TimePoint at) {
    Entry e;
    e.seq = prev_seq + 1;
    e.at = core::FormatUtc(at);
    e.actor_account_id = event.actor.account_id;
    e.acting_unit_id = event.actor.unit_id;
    e.action = event.action;
    e.target_type = event.target_type;
    e.target_id = event.target_id;
    e.ip = event.actor.ip;
    e.request_id = event.actor.request_id;
    e.details = event.details;
    e.prev_hash = std::string(prev_hash);
    e.hash = ChainHash(hasher, e);
    return e;
}

std::optional<ChainBreak> ChainVerifier::Next(const Entry& entry) {
    if (broken_) return broken_;
    if (entry.seq != expected_seq_) {
        // A gap means entries were deleted; a smaller number means rows out of order.
        broken_ =
            ChainBreak{expected_seq_, entry.seq > expected_seq_
                                          ? "entry " + std::to_string(expected_seq_) +
                                                " is missing (next is " + std::to_string(entry.seq) + ")"
                                          : "entry " + std::to_string(entry.seq) + " is out of order"};
        return broken_;
    }
    if (entry.prev_hash != prev_hash_) {
        broken_ =
            ChainBreak{entry.seq, "entry " + std::to_string(entry.seq) +
                                      " does not follow the previous entry (prev_hash differs): an entry was "
                                      "removed, moved or edited"};
        return broken_;
    }
    if (ChainHash(hasher_, entry) != entry.hash) {
        broken_ = ChainBreak{entry.seq, "entry " + std::to_string(entry.seq) +
                                            " was altered (its content does not match its hash)"};
        return broken_;
    }
    prev_hash_ = entry.hash;
    ++expected_seq_;
    ++checked_;
    return std::nullopt;
}

std::optional<ChainBreak> ChainVerifier::Finish(std::int64_t head_seq, std::string_view head_hash) {
    if (broken_) return broken_;
    const std::int64_t last = expected_seq_ - 1;
    if (head_seq > last) {
        broken_ =
            ChainBreak{last + 1, "entry " + std::to_string(last + 1) + " is missing (the log head records " +
                                     std::to_string(head_seq) + " entries)"};
    } else if (head_seq < last || head_hash != prev_hash_) {
        broken_ =
            ChainBreak{head_seq < last ? head_seq + 1 : last,
                       "the log head (entry " + std::to_string(head_seq) + ") does not match the last entry"};
    }
    return broken_;
}

}  // namespace mocua::domain::audit
