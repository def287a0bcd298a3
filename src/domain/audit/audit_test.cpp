#include "domain/audit/audit.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace mocua::domain::audit {
namespace {

// A deterministic stand-in for SHA-256 (the real one is tested with the adapters): 32 bytes from
// std::hash over the input and a counter. Enough to check the chaining logic.
class FakeHasher final : public Sha256Hasher {
public:
    std::string Sha256(std::string_view data) const override {
        std::string out;
        for (int i = 0; i < 4; ++i) {
            const std::size_t h = std::hash<std::string>{}(std::to_string(i) + std::string(data));
            out.append(reinterpret_cast<const char*>(&h), sizeof h);
        }
        return out;
    }
};

const core::TimePoint kT = *core::ParseUtc("2025-07-01T08:00:00.000Z");

std::vector<Entry> Chain(const Sha256Hasher& h, int n) {
    std::vector<Entry> out;
    std::string prev(kGenesisHash);
    for (int i = 0; i < n; ++i) {
        Event ev{Actor{i, 7, "192.0.2.1", "req-" + std::to_string(i)}, "account.create", "account",
                 std::to_string(100 + i), ""};
        out.push_back(MakeEntry(h, i, prev, ev, kT));
        prev = out.back().hash;
    }
    return out;
}

std::optional<ChainBreak> Verify(const Sha256Hasher& h, const std::vector<Entry>& entries,
                                 std::int64_t head_seq, const std::string& head_hash) {
    ChainVerifier v(h);
    for (const auto& e : entries)
        if (auto b = v.Next(e)) return b;
    return v.Finish(head_seq, head_hash);
}

TEST(Audit, CanonicalContentIsUnambiguous) {
    Entry a, b;
    a.action = "ab";
    a.target_type = "c";
    b.action = "a";
    b.target_type = "bc";
    EXPECT_NE(CanonicalContent(a), CanonicalContent(b));
    Entry c;  // an absent actor differs from actor 0
    Entry d;
    d.actor_account_id = 0;
    EXPECT_NE(CanonicalContent(c), CanonicalContent(d));
}

TEST(Audit, IntactChainVerifies) {
    FakeHasher h;
    auto entries = Chain(h, 5);
    EXPECT_EQ(entries.front().prev_hash, kGenesisHash);
    EXPECT_EQ(entries[3].prev_hash, entries[2].hash);
    EXPECT_FALSE(Verify(h, entries, 5, entries.back().hash));
    EXPECT_FALSE(Verify(h, {}, 0, std::string(kGenesisHash)));
}

TEST(Audit, EditedEntryIsNamed) {
    FakeHasher h;
    auto entries = Chain(h, 5);
    entries[2].target_id = "999";
    auto b = Verify(h, entries, 5, entries.back().hash);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->seq, 3);
}

TEST(Audit, DeletedEntryIsNamed) {
    FakeHasher h;
    auto entries = Chain(h, 5);
    entries.erase(entries.begin() + 1);  // seq 2
    auto b = Verify(h, entries, 5, entries.back().hash);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->seq, 2);
    // The last entry deleted: only the head tells.
    auto tail = Chain(h, 5);
    const std::string head = tail.back().hash;
    tail.pop_back();
    auto t = Verify(h, tail, 5, head);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->seq, 5);
}

TEST(Audit, ReorderedEntriesAreNamed) {
    FakeHasher h;
    auto entries = Chain(h, 5);
    // Swap the contents of entries 2 and 3 but keep their sequence numbers (as an UPDATE would).
    std::swap(entries[1], entries[2]);
    std::swap(entries[1].seq, entries[2].seq);
    auto b = Verify(h, entries, 5, entries.back().hash);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->seq, 2);
}

}  // namespace
}  // namespace mocua::domain::audit
