// Tests of the national-portal dossier format (docs/portal-format.md).
#include "domain/portal/portal_format.hpp"

#include <gtest/gtest.h>

namespace mocua::domain::portal {
namespace {

TEST(PortalTime, VietnamTimeIsUtcPlusSeven) {
    // 2026-11-27 08:30:00 in Hà Nội is 01:30:00 UTC.
    const auto t = ParseTime("20261127083000");
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(core::FormatUtc(*t), "2026-11-27T01:30:00.000Z");
}

}  // namespace
}  // namespace mocua::domain::portal
