#pragma once
// Running the real `mocua` binary (or any shell command) from a test: its exit code and what it printed.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace mocua::testing {

struct CliRun {
    int exit_code = -1;  // -1 when it could not start or did not exit normally
    std::string output;  // what the command wrote to stdout (add 2>&1 to the command for stderr too)
};

inline CliRun RunCommand(const std::string& shell_command) {
    CliRun r;
    FILE* p = ::popen(shell_command.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
    const int status = ::pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

inline bool Has(const CliRun& r, const std::string& text) { return r.output.find(text) != std::string::npos; }

}  // namespace mocua::testing
