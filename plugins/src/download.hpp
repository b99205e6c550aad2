#pragma once
// Download actions (ActionSpec::download): the answer is a file's bytes. Its
// JSON form (what invoke() answers) and the file name an answer gives live
// here, once, for the adapter SDK and the connection.
#include <b44/http.hpp>
#include <b44/plugin/adapter.hpp>
#include <b44/service_client.hpp>

#include <nlohmann/json.hpp>
#include <string>

namespace b44::detail {

// The file name of a Content-Disposition header (filename*=UTF-8''... before
// filename="..."), reduced to its last path segment; empty when there is
// none, or it is longer than 255 bytes or holds control characters.
std::string contentDispositionFileName(const Headers& headers);

// The declared download action `action`, or an InvalidArgumentError (an
// unknown action, or one whose answer is JSON).
const plugin::ActionSpec& downloadAction(const plugin::AdapterSpec& spec, std::string_view action);

// 202 Accepted is no file: the service is still preparing it (Box answers so
// with Retry-After). A ServiceError "not_ready" saying when to ask again.
void refuseNotReady(const std::string& type, const std::string& action,
                    const plugin::ServiceResponse& response);

// invoke()'s result for a download: {"content_type", "file_name" (when
// given), "size", "content_base64"}.
nlohmann::json downloadJson(const Headers& headers, const std::string& bytes);

// The other way, for a connection that only answers JSON (a mock): a
// ProtocolError naming `operation` when content_base64 is missing or not
// base64.
Download downloadFromJson(const nlohmann::json& result, const std::string& operation);

}  // namespace b44::detail
