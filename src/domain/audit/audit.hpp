#pragma once
// The tamper-evident audit log: who did what, acting for which unit, to which target, when, from which
// address, under which request id. Entries form a hash chain (SHA-256): each entry's hash covers the
// previous entry's hash and the entry's own canonical content, so an edited, deleted or reordered
// entry breaks the chain from that point on, and VerifyChain names the first broken entry.
//
// Personal data is kept to ids: an entry names accounts and units by id, never by name, e-mail
// address or ID number. `details` is free text for short, non-personal facts ("created=12").
//
// Writing: services never append on their own; every state change passes an Event to its
// repository, which appends it in the same database transaction as the change (see
// persistence/audit_repository.hpp). Appends are serialised so the chain never forks.
//
// Thread-safety: the free functions are pure. ChainVerifier is not thread-safe (one per run).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace mocua::domain::audit {

// Who acts: the account (none for the command line or the system), the unit they act for, and where
// the request came from. Passed to every state-changing service call.
struct Actor {
    std::optional<std::int64_t> account_id;
    std::optional<std::int64_t> unit_id;
    std::string ip;          // client address as the HTTP edge saw it; "" for the command line
    std::string request_id;  // the request id of the HTTP request, or "cli-…" for a command

    // The command line run by the operator (no account).
    static Actor CommandLine(std::string request_id) { return Actor{{}, {}, "", std::move(request_id)}; }
};

// What happened. `action` is a stable dotted name ("account.create", "login.failure").
struct Event {
    Actor actor;
    std::string action;
    std::string target_type;  // "account", "unit", "session", … or ""
    std::string target_id;    // the target's id as text, or ""
    std::string details;      // short, no personal data
};

// A stored entry.
struct Entry {
    std::int64_t seq = 0;  // 1, 2, 3, … with no gaps
    std::string at;        // core::FormatUtc
    std::optional<std::int64_t> actor_account_id;
    std::optional<std::int64_t> acting_unit_id;
    std::string action;
    std::string target_type;
    std::string target_id;
    std::string ip;
    std::string request_id;
    std::string details;
    std::string prev_hash;  // 64 lower-case hex characters; 64 zeros before the first entry
    std::string hash;
};

// The prev_hash of the first entry.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// SHA-256 (port; implemented in adapters/). Returns the 32-byte digest.
class Sha256Hasher {
public:
    virtual ~Sha256Hasher() = default;
    virtual std::string Sha256(std::string_view data) const = 0;
};

// The unambiguous byte string the hash covers: every field except the hashes, each as
// "<byte length>:<bytes>\n" in a fixed order, the sequence number first (so moving an entry changes it).
std::string CanonicalContent(const Entry& entry);

// hex(SHA-256(prev_hash || "\n" || CanonicalContent(entry))).
std::string ChainHash(const Sha256Hasher& hasher, const Entry& entry);

// Builds the entry that follows (prev_seq, prev_hash) for `event` at time `at`, hash included.
Entry MakeEntry(const Sha256Hasher& hasher, std::int64_t prev_seq, std::string_view prev_hash,
                const Event& event, core::TimePoint at);

// Checks entries one by one, in the order stored (by seq).
struct ChainBreak {
    std::int64_t seq = 0;  // the first entry that does not verify (or the first missing one)
    std::string reason;    // English, for the operator
};

class ChainVerifier {
public:
    explicit ChainVerifier(const Sha256Hasher& hasher) : hasher_(hasher) {}
    // Feeds the next entry. Returns the first break; after a break, later calls return it again.
    std::optional<ChainBreak> Next(const Entry& entry);
    // After the last entry: compares with the recorded head (last seq and hash), which catches the
    // deletion of entries at the end of the log.
    std::optional<ChainBreak> Finish(std::int64_t head_seq, std::string_view head_hash);
    std::int64_t checked() const { return checked_; }

private:
    const Sha256Hasher& hasher_;
    std::int64_t expected_seq_ = 1;
    std::string prev_hash_{kGenesisHash};
    std::int64_t checked_ = 0;
    std::optional<ChainBreak> broken_;
};

// Reading the log (port; the SOCI implementation is persistence/audit_repository.hpp).
struct Filter {
    std::optional<std::int64_t> actor_account_id;
    std::string action_prefix;  // "login." matches login.success, login.failure, …
    std::string from;           // FormatUtc bounds, inclusive; "" for open
    std::string to;
    std::int64_t before_seq = 0;  // page backwards: entries with seq < before_seq (0: from the newest)
    int limit = 50;               // 1..500
};

struct VerifyReport {
    std::int64_t entries = 0;
    std::optional<ChainBreak> broken;
    bool intact() const { return !broken.has_value(); }
};

class AuditLog {
public:
    virtual ~AuditLog() = default;
    // Appends one entry in its own transaction (for events that change nothing else, e.g. a failed
    // check). Throws on database failure.
    virtual void Append(const Event& event) = 0;
    // Newest first. Throws on database failure.
    virtual std::vector<Entry> Search(const Filter& filter) = 0;
    // Walks the whole chain. Throws on database failure.
    virtual VerifyReport Verify() = 0;
};

}  // namespace mocua::domain::audit
