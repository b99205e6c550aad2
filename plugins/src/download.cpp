#include "download.hpp"

#include "adapter_connection.hpp"

#include <b44/base64.hpp>
#include <b44/errors.hpp>

#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>

#include <algorithm>

namespace b44::detail {

std::string contentDispositionFileName(const Headers& headers) {
  const auto header = headers.get("Content-Disposition");
  if (!header) return {};
  std::string disposition;
  Poco::Net::NameValueCollection parameters;  // names compared ignoring case
  Poco::Net::MessageHeader::splitParameters(*header, disposition, parameters);
  std::string name;
  if (parameters.has("filename*")) {
    // RFC 8187: charset'language'percent-encoded; only UTF-8 is taken.
    const std::string& extended = parameters.get("filename*");
    const auto first = extended.find('\'');
    const auto second = first == std::string::npos ? first : extended.find('\'', first + 1);
    if (second != std::string::npos && equalsIgnoreCase(extended.substr(0, first), "utf-8")) {
      name = percentDecode(extended.substr(second + 1));
    }
  }
  if (name.empty()) name = parameters.get("filename", "");
  if (const auto slash = name.find_last_of("/\\"); slash != std::string::npos) {
    name.erase(0, slash + 1);
  }
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
  if (control || name.size() > 255 || name == "." || name == "..") return {};
  return name;
}

const plugin::ActionSpec& downloadAction(const plugin::AdapterSpec& spec, std::string_view action) {
  const plugin::ActionSpec& declared = knownAction(spec, action);
  if (!declared.download) {
    throw InvalidArgumentError("action", spec.type + "." + declared.name +
                                             " is not a download (its answer is JSON); use "
                                             "invoke()");
  }
  return declared;
}

void refuseNotReady(const std::string& type, const std::string& action,
                    const plugin::ServiceResponse& response) {
  if (response.status != 202) return;
  std::string when = "later";
  if (const auto retryAfter = response.headers.get("Retry-After")) {
    when = "after " + inertText(*retryAfter, 40) + " s (Retry-After)";
  }
  throw ServiceError(type, action, 202, "not_ready",
                     "the file is not ready to download yet (HTTP 202); ask again " + when);
}

nlohmann::json downloadJson(const Headers& headers, const std::string& bytes) {
  nlohmann::json result = {{"content_type", headers.get("Content-Type").value_or("")}};
  if (auto name = contentDispositionFileName(headers); !name.empty()) result["file_name"] = name;
  result["size"] = bytes.size();
  result["content_base64"] = base64Encode(bytes);
  return result;
}

Download downloadFromJson(const nlohmann::json& result, const std::string& operation) {
  const auto text = [&](const char* key) {
    return result.is_object() && result.contains(key) && result[key].is_string()
               ? result[key].get<std::string>()
               : std::string();
  };
  if (!result.is_object() || !result.contains("content_base64") ||
      !result["content_base64"].is_string()) {
    throw ProtocolError(operation + ": the download's result has no content_base64");
  }
  auto bytes = base64Decode(result["content_base64"].get<std::string>());
  if (!bytes) throw ProtocolError(operation + ": the download's content_base64 is not base64");
  Download download;
  download.status = 200;
  download.contentType = text("content_type");
  download.fileName = text("file_name");
  download.size = bytes->size();
  download.bytes = std::move(*bytes);
  return download;
}

}  // namespace b44::detail
