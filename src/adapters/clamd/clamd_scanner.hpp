#pragma once
// A client for clamd, ClamAV's daemon, over its Unix socket (docs/adr/0050-clamd-upload-scanning.md).
//
// Protocol (man clamd): one connection per command, commands prefixed with `z` and terminated by NUL,
// replies terminated by NUL.
//   zPING\0                      → "PONG"
//   zVERSION\0                   → "ClamAV 1.4.6/27000/Mon Jan  1 09:00:00 2026"
//   zINSTREAM\0 then chunks, each a 4-byte big-endian length and that many bytes, ended by a
//   zero-length chunk            → "stream: OK" | "stream: <signature> FOUND" | "stream: <text> ERROR"
//                                  | "INSTREAM size limit exceeded. ERROR" (then clamd closes)
//
// Time-outs: connecting, every wait to send more bytes and the wait for the reply are each bounded by
// `timeout`; replies longer than 4 KiB are refused. So a call ends after at most about
// (2 + number of chunks) × timeout, and sooner in practice, whatever clamd does.
//
// Thread-safety: immutable after construction; each call opens its own connection, so calls may run
// concurrently (clamd scans them in parallel up to its MaxThreads).
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/scan/scanner.hpp"

namespace mocua::adapters::clamd {

struct ClamdOptions {
    std::string socket_path = "/run/clamav/clamd.ctl";  // must fit sockaddr_un (at most 107 bytes)
    std::chrono::milliseconds timeout{30'000};
    // Bytes per INSTREAM chunk. clamd refuses a chunk larger than its StreamMaxLength.
    std::size_t chunk_bytes = 64 * 1024;
};

class ClamdScanner final : public domain::scan::Scanner {
public:
    // Throws std::invalid_argument when socket_path is empty or too long for a Unix socket, or
    // chunk_bytes is 0 or above 2^31.
    explicit ClamdScanner(ClamdOptions options);

    // zINSTREAM. Clean only on exactly "stream: OK". Errors (domain::scan::ScanError):
    //   scan.unavailable  no socket, connection refused, time-out, clamd closed without a reply
    //   scan.too_large    clamd answered "INSTREAM size limit exceeded" (its StreamMaxLength)
    //   scan.protocol     any other reply: "... ERROR", empty signature, unknown text, over 4 KiB
    core::Result<domain::scan::ScanResult> Scan(std::string_view bytes) override;

    // zPING answered with "PONG".
    bool Available() override;

    // zVERSION: the engine and signature database versions, for the health page and the logs.
    // Errors: scan.unavailable, scan.protocol (empty reply).
    core::Result<std::string> Version();

    // Parses one INSTREAM reply (without its NUL). Exposed for unit tests of the fail-closed rules.
    static core::Result<domain::scan::ScanResult> ParseScanReply(std::string_view reply);

private:
    core::Result<std::string> Command(std::string_view command);

    ClamdOptions options_;
};

}  // namespace mocua::adapters::clamd
