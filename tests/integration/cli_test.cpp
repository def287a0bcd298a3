// The mocua command line as the IT officer meets it: help, clear configuration errors, migrate,
// seed-demo and serve on both engines.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/http_client.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

namespace fs = std::filesystem;

struct Run {
    int exit_code = -1;
    std::string output;  // stdout and stderr
};

Run Mocua(const std::string& args, const std::string& env = "") {
    const std::string cmd = env + " " + std::string(MOCUA_BINARY) + " " + args + " 2>&1";
    Run r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
    const int status = ::pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// `mocua serve` as a child process: started, its port read from the "serving" line, stopped by signal.
class ServeProcess {
public:
    explicit ServeProcess(const std::string& args) {
        int out[2];
        if (::pipe(out) != 0) return;
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            ::execl("/bin/sh", "sh", "-c",
                    ("exec " + std::string(MOCUA_BINARY) + " serve " + args + " 2>/dev/null").c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(out[1]);
        stdout_ = ::fdopen(out[0], "r");
        char line[512];
        // Blocks until the server says where it listens (or exits).
        while (stdout_ && std::fgets(line, sizeof line, stdout_)) {
            const std::string text(line);
            const auto pos = text.find("serving http://127.0.0.1:");
            if (pos != std::string::npos) {
                port_ = static_cast<std::uint16_t>(std::stoi(text.substr(pos + 25)));
                break;
            }
        }
    }
    ~ServeProcess() {
        if (pid_ > 0 && !reaped_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (stdout_) std::fclose(stdout_);
    }
    std::uint16_t port() const { return port_; }
    // Sends `signal` and returns the exit code (-1 if killed by a signal).
    int StopWith(int signal) {
        ::kill(pid_, signal);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

private:
    pid_t pid_ = -1;
    std::FILE* stdout_ = nullptr;
    std::uint16_t port_ = 0;
    bool reaped_ = false;
};

class CliTest : public ::testing::Test {
protected:
    void SetUp() override { dir_ = tdb_.dir(); }
    std::string Write(const std::string& name, const std::string& text) {
        const std::string path = dir_ + "/" + name;
        std::ofstream(path) << text;
        return path;
    }
    ::mocua::testing::TestDatabase tdb_{db::Engine::kSqlite, false};
    std::string dir_;
};

TEST_F(CliTest, EverySubcommandHasHelp) {
    for (const char* cmd : {"serve", "migrate", "check-config", "seed-demo", "version"}) {
        auto r = Mocua(std::string(cmd) + " --help");
        EXPECT_EQ(r.exit_code, 0) << cmd;
        EXPECT_NE(r.output.find("--data-dir"), std::string::npos) << cmd << ": " << r.output;
    }
    EXPECT_NE(Mocua("serve --help").output.find("--listen"), std::string::npos);
    EXPECT_NE(Mocua("--help").output.find("seed-demo"), std::string::npos);
}

TEST_F(CliTest, VersionPrints) {
    auto r = Mocua("version");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.output.rfind("mocua ", 0), 0u) << r.output;
}

TEST_F(CliTest, CheckConfigAcceptsTheExampleFile) {
    auto r = Mocua("check-config --config " + std::string(MOCUA_SOURCE_DIR) + "/config/mocua.example.toml");
    EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(CliTest, CheckConfigNamesTheUnknownKey) {
    auto r = Mocua("check-config --config " + Write("bad.toml", "[server]\nlisen = \"0.0.0.0:80\"\n"));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.output.find("server.lisen"), std::string::npos) << r.output;
}

TEST_F(CliTest, CheckConfigNamesTheBadValue) {
    auto r = Mocua("check-config --config " + Write("bad.toml", "[database]\npool_size = -3\n"));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.output.find("database.pool_size"), std::string::npos) << r.output;
    auto env = Mocua("check-config", "MOCUA_SERVER_LISTEN=nowhere");
    EXPECT_NE(env.exit_code, 0);
    EXPECT_NE(env.output.find("MOCUA_SERVER_LISTEN"), std::string::npos) << env.output;
}

TEST_F(CliTest, MissingConfigFileIsAClearError) {
    auto r = Mocua("check-config --config " + dir_ + "/nope.toml");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.output.find("nope.toml"), std::string::npos) << r.output;
}

TEST_F(CliTest, MigrateCreatesDataDirAndIsIdempotent) {
    const std::string data = dir_ + "/new/data";
    auto first = Mocua("migrate --data-dir " + data);
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_TRUE(fs::exists(data + "/mocua.db"));
    EXPECT_NE(first.output.find("applied"), std::string::npos) << first.output;
    auto second = Mocua("migrate --data-dir " + data);
    ASSERT_EQ(second.exit_code, 0) << second.output;
    EXPECT_NE(second.output.find("(0 applied now)"), std::string::npos) << second.output;
}

TEST_F(CliTest, SeedDemoIsIdempotent) {
    auto first = Mocua("seed-demo --data-dir " + dir_ + "/data");
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_NE(first.output.find("phường Quảng Trị"), std::string::npos) << first.output;
    EXPECT_NE(first.output.find("Demo logins"), std::string::npos);
    auto second = Mocua("seed-demo --data-dir " + dir_ + "/data");
    ASSERT_EQ(second.exit_code, 0) << second.output;
    EXPECT_NE(second.output.find("already present"), std::string::npos) << second.output;
}

TEST_F(CliTest, ServeReportsAPortInUse) {
    // Hold a port, then ask mocua to listen on it.
    const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(holder, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(holder, 1), 0);
    socklen_t len = sizeof addr;
    ::getsockname(holder, reinterpret_cast<sockaddr*>(&addr), &len);
    const std::string where = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    auto r = Mocua("serve --data-dir " + dir_ + "/data --listen " + where);
    ::close(holder);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("cannot listen on " + where), std::string::npos) << r.output;
}

TEST_F(CliTest, ServeOnSqliteStopsCleanlyOnSigterm) {
    ServeProcess serve("--data-dir " + dir_ + "/data --listen 127.0.0.1:0");
    ASSERT_NE(serve.port(), 0) << "no 'serving' line";
    EXPECT_EQ(::mocua::testing::Fetch(serve.port(), "GET", "/healthz").status, 200);
    EXPECT_EQ(::mocua::testing::Fetch(serve.port(), "GET", "/readyz").status, 200);
    EXPECT_EQ(serve.StopWith(SIGTERM), 0);
}

TEST_F(CliTest, ServeStopsCleanlyOnSigint) {
    ServeProcess serve("--data-dir " + dir_ + "/data --listen 127.0.0.1:0");
    ASSERT_NE(serve.port(), 0);
    EXPECT_EQ(serve.StopWith(SIGINT), 0);
}

TEST_F(CliTest, ServeOnPostgres) {
    if (!::mocua::testing::RequireEngine(db::Engine::kPostgres)) return;
    ::mocua::testing::TestDatabase pg(db::Engine::kPostgres, false);
    ServeProcess serve("--database '" + pg.url() + "' --data-dir " + dir_ + "/data --listen 127.0.0.1:0");
    ASSERT_NE(serve.port(), 0);
    auto ready = ::mocua::testing::Fetch(serve.port(), "GET", "/readyz");
    EXPECT_EQ(ready.status, 200) << ready.body;
    EXPECT_NE(ready.body.find("PostgreSQL"), std::string::npos) << ready.body;
    EXPECT_EQ(serve.StopWith(SIGTERM), 0);
}

// A script's view: an account and a personal API token made with the CLI, used against the API.
TEST_F(CliTest, PersonalApiTokenAuthenticatesAgainstTheApi) {
    const std::string data = "--data-dir " + dir_ + "/data";
    auto added =
        Mocua("user add --kind citizen --email an@example.vn --name 'Nguyễn Văn An' --password-stdin " + data,
              "printf 'mot-mat-khau-rat-dai-2025\\n' |");
    ASSERT_EQ(added.exit_code, 0) << added.output;
    auto created = Mocua("token create --email an@example.vn " + data);
    ASSERT_EQ(created.exit_code, 0) << created.output;
    const auto pos = created.output.find("mct_");
    ASSERT_NE(pos, std::string::npos) << created.output;
    const std::string token = created.output.substr(pos, created.output.find_first_of(" \n", pos) - pos);

    ServeProcess serve(data + " --listen 127.0.0.1:0");
    ASSERT_NE(serve.port(), 0);
    auto anonymous = ::mocua::testing::Fetch(serve.port(), "GET", "/api/v1/me");
    EXPECT_EQ(anonymous.status, 401);
    auto me = ::mocua::testing::Fetch(serve.port(), "GET", "/api/v1/me", "",
                                      {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_NE(me.body.find("\"email\":\"an@example.vn\""), std::string::npos) << me.body;
    EXPECT_NE(me.body.find("\"kind\":\"citizen\""), std::string::npos) << me.body;
    std::string altered = token;
    altered.back() = altered.back() == '0' ? '1' : '0';
    auto forged = ::mocua::testing::Fetch(serve.port(), "GET", "/api/v1/me", "",
                                          {{"Authorization", "Bearer " + altered}});
    EXPECT_EQ(forged.status, 401);
    EXPECT_EQ(serve.StopWith(SIGTERM), 0);
}

TEST_F(CliTest, UnreachablePostgresIsAClearError) {
    auto r = Mocua("migrate --database 'postgresql://mocua:pw@127.0.0.1:1/mocua?connect_timeout=2'");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("cannot open PostgreSQL"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find(":pw@"), std::string::npos) << "no password in messages";
}

TEST_F(CliTest, MigrateAndSeedOnPostgres) {
    if (!::mocua::testing::RequireEngine(db::Engine::kPostgres)) return;
    ::mocua::testing::TestDatabase pg(db::Engine::kPostgres, false);
    auto m = Mocua("migrate --database '" + pg.url() + "'");
    ASSERT_EQ(m.exit_code, 0) << m.output;
    EXPECT_NE(m.output.find("PostgreSQL"), std::string::npos) << m.output;
    auto s = Mocua("seed-demo --database '" + pg.url() + "'");
    EXPECT_EQ(s.exit_code, 0) << s.output;
}

}  // namespace
}  // namespace mocua
