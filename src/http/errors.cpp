#include "http/errors.hpp"

#include <nlohmann/json.hpp>

namespace mocua::http {

int StatusFor(core::ErrorCode code) {
    using core::ErrorCode;
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return 400;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kForbidden:
            return 403;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kPayloadTooLarge:
            return 413;
        case ErrorCode::kRateLimited:
            return 429;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

Response JsonError(int status, std::string_view code, std::string_view message, std::string_view request_id) {
    nlohmann::json body = {{"error", {{"code", code}, {"message", message}, {"request_id", request_id}}}};
    return Response::Json(status, body.dump());
}

Response JsonError(int status, std::string_view code, std::string_view rule, std::string_view message,
                   std::string_view request_id) {
    nlohmann::json body = {
        {"error", {{"code", code}, {"rule", rule}, {"message", message}, {"request_id", request_id}}}};
    return Response::Json(status, body.dump());
}

Response JsonError(const core::Error& error, std::string_view request_id) {
    return JsonError(StatusFor(error.code), core::ErrorCodeName(error.code), error.message, request_id);
}

std::string_view ReasonPhrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 303:
            return "See Other";
        case 304:
            return "Not Modified";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 408:
            return "Request Timeout";
        case 409:
            return "Conflict";
        case 413:
            return "Content Too Large";
        case 414:
            return "URI Too Long";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 503:
            return "Service Unavailable";
        default:
            return "";
    }
}

}  // namespace mocua::http
