#include "config/config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace mocua::config {
namespace {

const std::map<std::string, std::string> kNoEnv;

TEST(Config, DefaultsWithoutFile) {
    auto c = Load("", kNoEnv);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->server.listen, "127.0.0.1:8080");
    EXPECT_EQ(c->database.url, "");
    EXPECT_TRUE(c->database.auto_migrate);
}

TEST(Config, ReadsValuesFromToml) {
    auto c = LoadFromString("[server]\nlisten = \"0.0.0.0:9000\"\nworkers = 12\n[log]\naccess_log = false\n",
                            "test.toml", kNoEnv);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->server.listen, "0.0.0.0:9000");
    EXPECT_EQ(c->server.workers, 12);
    EXPECT_FALSE(c->log.access_log);
}

TEST(Config, ScannerSection) {
    auto defaults = Load("", kNoEnv);
    ASSERT_TRUE(defaults.ok()) << defaults.error().message;
    EXPECT_EQ(defaults->scanner.socket, "/run/clamav/clamd.ctl");  // Debian's clamav-daemon socket
    EXPECT_EQ(defaults->scanner.timeout_ms, 30'000);

    auto set = LoadFromString("[scanner]\nsocket = \"/tmp/x/clamd.sock\"\ntimeout_ms = 500\n", "m.toml",
                              {{"MOCUA_SCANNER_TIMEOUT_MS", "750"}});
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set->scanner.socket, "/tmp/x/clamd.sock");
    EXPECT_EQ(set->scanner.timeout_ms, 750);  // the environment wins over the file

    auto relative = LoadFromString("[scanner]\nsocket = \"clamd.sock\"\n", "m.toml", kNoEnv);
    ASSERT_FALSE(relative.ok());
    EXPECT_NE(relative.error().message.find("scanner.socket"), std::string::npos) << relative.error().message;
    auto too_long =
        LoadFromString("[scanner]\nsocket = \"/" + std::string(107, 'a') + "\"\n", "m.toml", kNoEnv);
    ASSERT_FALSE(too_long.ok());
    EXPECT_NE(too_long.error().message.find("107 bytes"), std::string::npos) << too_long.error().message;
}

TEST(Config, UnknownKeyIsNamed) {
    auto c = LoadFromString("[server]\nlisen = \"0.0.0.0:9000\"\n", "mocua.toml", kNoEnv);
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("server.lisen"), std::string::npos) << c.error().message;
    EXPECT_NE(c.error().message.find("mocua.toml"), std::string::npos) << c.error().message;
}

TEST(Config, UnknownSectionIsNamed) {
    auto c = LoadFromString("[sever]\nlisten = \"x\"\n", "mocua.toml", kNoEnv);
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("sever"), std::string::npos) << c.error().message;
}

TEST(Config, BadValuesNameTheKeyAndLine) {
    auto wrong_type = LoadFromString("[server]\n\nworkers = \"many\"\n", "m.toml", kNoEnv);
    ASSERT_FALSE(wrong_type.ok());
    EXPECT_NE(wrong_type.error().message.find("server.workers"), std::string::npos);
    EXPECT_NE(wrong_type.error().message.find("line 3"), std::string::npos) << wrong_type.error().message;

    auto out_of_range = LoadFromString("[server]\nworkers = 0\n", "m.toml", kNoEnv);
    ASSERT_FALSE(out_of_range.ok());
    EXPECT_NE(out_of_range.error().message.find("between 1 and"), std::string::npos);

    auto bad_listen = LoadFromString("[server]\nlisten = \"localhost\"\n", "m.toml", kNoEnv);
    ASSERT_FALSE(bad_listen.ok());
    EXPECT_NE(bad_listen.error().message.find("server.listen"), std::string::npos);

    auto bad_url = LoadFromString("[database]\nurl = \"mysql://x\"\n", "m.toml", kNoEnv);
    ASSERT_FALSE(bad_url.ok());
    EXPECT_NE(bad_url.error().message.find("database.url"), std::string::npos);

    auto bad_allow = LoadFromString("[server]\nmetrics_allow = \"10.0.0.5, prometheus\"\n", "m.toml", kNoEnv);
    ASSERT_FALSE(bad_allow.ok());
    EXPECT_NE(bad_allow.error().message.find("server.metrics_allow"), std::string::npos);
    EXPECT_NE(bad_allow.error().message.find("`prometheus` is not an IP address"), std::string::npos)
        << bad_allow.error().message;
    auto good_allow = LoadFromString("[server]\nmetrics_allow = \" 10.0.0.5 ,::1\"\n", "m.toml", kNoEnv);
    ASSERT_TRUE(good_allow.ok());
    EXPECT_EQ(ParseAddressList(good_allow->server.metrics_allow), (std::vector<std::string>{"10.0.0.5", "::1"}));
}

TEST(Config, SyntaxErrorGivesLine) {
    auto c = LoadFromString("[server]\nlisten = \n", "broken.toml", kNoEnv);
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("broken.toml (line 2)"), std::string::npos) << c.error().message;
}

TEST(Config, EnvironmentOverridesFile) {
    std::map<std::string, std::string> env = {{"MOCUA_SERVER_WORKERS", "7"},
                                              {"MOCUA_DATABASE_AUTO_MIGRATE", "false"},
                                              {"MOCUA_TEST_SOMETHING", "ignored"}};
    auto c = LoadFromString("[server]\nworkers = 3\n", "m.toml", env);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->server.workers, 7);
    EXPECT_FALSE(c->database.auto_migrate);
}

TEST(Config, BadEnvironmentValueIsNamed) {
    auto c = LoadFromString("", "m.toml", {{"MOCUA_SERVER_WORKERS", "seven"}});
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("MOCUA_SERVER_WORKERS"), std::string::npos);
    auto unknown = LoadFromString("", "m.toml", {{"MOCUA_SERVER_WROKERS", "2"}});
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("MOCUA_SERVER_WROKERS"), std::string::npos);
}

TEST(Config, ParsesListenAddresses) {
    auto v4 = ParseListen("127.0.0.1:0");
    ASSERT_TRUE(v4.ok());
    EXPECT_EQ(v4->host, "127.0.0.1");
    EXPECT_EQ(v4->port, 0);
    auto v6 = ParseListen("[::1]:8080");
    ASSERT_TRUE(v6.ok());
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 8080);
    EXPECT_FALSE(ParseListen("127.0.0.1:70000").ok());
    EXPECT_FALSE(ParseListen(":80").ok());
    EXPECT_FALSE(ParseListen("host:").ok());
}

// The example file is what an IT officer copies: it must parse, document every key, and show
// each key's real default.
TEST(Config, ExampleFileDocumentsEveryKeyWithItsDefault) {
    const std::string path = std::string(MOCUA_SOURCE_DIR) + "/config/mocua.example.toml";
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = LoadFromString(text.str(), path, kNoEnv);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;

    std::string section;
    std::map<std::string, std::string> example;  // "server.listen" → "\"127.0.0.1:8080\""
    std::string line;
    std::istringstream lines(text.str());
    const std::regex section_re(R"(^\[(\w+)\]\s*$)"), key_re(R"(^(\w+)\s*=\s*(.*?)\s*$)");
    std::smatch m;
    while (std::getline(lines, line)) {
        if (std::regex_match(line, m, section_re))
            section = m[1];
        else if (std::regex_match(line, m, key_re))
            example[section + "." + m[1].str()] = m[2];
    }
    for (const auto& key : Keys()) {
        auto it = example.find(key.name);
        ASSERT_NE(it, example.end()) << key.name << " is not documented in the example file";
        EXPECT_EQ(it->second, key.default_value) << key.name;
        EXPECT_NE(text.str().find("# " + key.description), std::string::npos) << key.name;
    }
    EXPECT_EQ(example.size(), Keys().size()) << "the example file has keys the schema does not know";
}

TEST(Config, MailSectionIsReadAndItsPasswordStaysOutOfTheConfig) {
    const std::map<std::string, std::string> env = {{"MOCUA_MAIL_PASSWORD", "s3cret"},
                                                    {"MOCUA_MAIL_USERNAME", "mocua"}};
    auto c = LoadFromString(
        "[mail]\nenabled = true\nurl = \"smtps://mail.example.vn:465\"\n"
        "from = \"mot-cua@phuong.gov.vn\"\nfrom_name = \"UBND phường Bến Thành\"\n",
        "mocua.toml", env);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_TRUE(c->mail.enabled);
    EXPECT_EQ(c->mail.url, "smtps://mail.example.vn:465");
    EXPECT_EQ(c->mail.from_name, "UBND phường Bến Thành");
    EXPECT_EQ(c->mail.username, "mocua");
    EXPECT_TRUE(c->mail.starttls);
    EXPECT_EQ(c->mail.max_attempts, 20);
    EXPECT_TRUE(Validate(*c).ok());
}

TEST(Config, MailNeedsAnSmtpUrlAndASenderWhenEnabled) {
    auto bad_url = LoadFromString("[mail]\nurl = \"http://mail.example.vn\"\n", "mocua.toml", kNoEnv);
    ASSERT_FALSE(bad_url.ok());
    EXPECT_NE(bad_url.error().message.find("mail.url"), std::string::npos) << bad_url.error().message;

    auto no_url = LoadFromString("[mail]\nenabled = true\nfrom = \"a@b.vn\"\n", "mocua.toml", kNoEnv);
    ASSERT_TRUE(no_url.ok());
    EXPECT_NE(Validate(*no_url).error().message.find("mail.url"), std::string::npos);
    auto no_from =
        LoadFromString("[mail]\nenabled = true\nurl = \"smtp://127.0.0.1:25\"\n", "mocua.toml", kNoEnv);
    ASSERT_TRUE(no_from.ok());
    EXPECT_NE(Validate(*no_from).error().message.find("mail.from"), std::string::npos);
}

TEST(Config, LookupThrottleKeysAndTheRateLimitSwitch) {
    auto c = LoadFromString("[lookup]\nmiss_burst = 3\nexempt_addresses = \"10.1.1.5,10.1.1.6\"\n", "mocua.toml",
                            {{"MOCUA_LOOKUP_KIOSK_IDLE_SECONDS", "20"}});
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->lookup.miss_burst, 3);
    EXPECT_EQ(c->lookup.miss_refill_seconds, 30);
    EXPECT_EQ(c->lookup.exempt_addresses, "10.1.1.5,10.1.1.6");
    EXPECT_EQ(c->lookup.kiosk_idle_seconds, 20);
    EXPECT_TRUE(c->rate_limits);
    auto off = LoadFromString("", "mocua.toml", {{"MOCUA_RATE_LIMITS", "off"}});
    ASSERT_TRUE(off.ok()) << off.error().message;
    EXPECT_FALSE(off->rate_limits);
    auto zero = LoadFromString("[lookup]\nmiss_burst = 0\n", "mocua.toml", kNoEnv);
    ASSERT_FALSE(zero.ok());
    EXPECT_NE(zero.error().message.find("lookup.miss_burst"), std::string::npos) << zero.error().message;
}

}  // namespace
}  // namespace mocua::config

namespace mocua::config {
namespace {

TEST(Config, LimitsKeysHaveTownDefaultsAndAreValidated) {
    auto d = LoadFromString("", "mocua.toml", {});
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->limits.address_reads_per_minute, 1200);
    EXPECT_EQ(d->limits.max_in_flight, 512);
    EXPECT_EQ(d->limits.header_limit_bytes, 16 * 1024);
    auto c = LoadFromString("[limits]\naccount_write_burst = 5\nexempt_addresses = \"10.0.0.1, 10.0.0.2\"\n",
                            "mocua.toml", {{"MOCUA_LIMITS_MAX_IN_FLIGHT", "64"}});
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->limits.account_write_burst, 5);
    EXPECT_EQ(c->limits.exempt_addresses, "10.0.0.1, 10.0.0.2");
    EXPECT_EQ(c->limits.max_in_flight, 64);
    auto zero = LoadFromString("[limits]\naddress_reads_per_minute = 0\n", "mocua.toml", {});
    ASSERT_FALSE(zero.ok());
    EXPECT_NE(zero.error().message.find("limits.address_reads_per_minute"), std::string::npos)
        << zero.error().message;
}

}  // namespace
}  // namespace mocua::config
