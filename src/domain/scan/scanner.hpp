#pragma once
// The virus-scanner port every upload goes through before it is accepted
// (docs/adr/0050-clamd-upload-scanning.md). The adapter is adapters/clamd/clamd_scanner.hpp.
//
// Fail closed: a Scanner answers "clean" only when the scanning engine said so for these exact bytes.
// Every doubt (engine down, time-out, an answer it cannot read, a file over the engine's limit) is an
// error, and the caller refuses the upload.
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/result.hpp"

namespace mocua::domain::scan {

// Stable error codes: core::Error::message is exactly one of these. Pages map them to text in the
// user's language; they carry nothing about the file, so they are safe to log.
inline constexpr std::string_view kUnavailable = "scan.unavailable";  // engine unreachable or too slow
inline constexpr std::string_view kTooLarge = "scan.too_large";       // over the engine's stream limit
inline constexpr std::string_view kProtocol = "scan.protocol";        // an answer that is not OK/FOUND

// The core::Error for a code above: kPayloadTooLarge for kTooLarge, kUnavailable otherwise (the upload
// cannot be judged now; the user may try later and the operator must look at the scanner).
inline core::Error ScanError(std::string_view code) {
    return core::Error{code == kTooLarge ? core::ErrorCode::kPayloadTooLarge : core::ErrorCode::kUnavailable,
                       std::string(code)};
}

struct ScanResult {
    bool clean = false;     // true only on the engine's explicit "no threat found"
    std::string signature;  // when !clean: the engine's name for what it found (e.g. "Eicar-Signature")
};

// Implementations may be called concurrently from several threads.
class Scanner {
public:
    virtual ~Scanner() = default;

    // Scans `bytes` (the whole file). An infected file is a value ({clean=false, signature}), not an
    // error. Errors: ScanError(kUnavailable | kTooLarge | kProtocol). Never blocks without bound.
    virtual core::Result<ScanResult> Scan(std::string_view bytes) = 0;

    // True when the engine answers a liveness probe now (for the health page). Bounded in time.
    virtual bool Available() = 0;
};

}  // namespace mocua::domain::scan
