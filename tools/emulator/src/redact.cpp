// What leaves the emulator as text (the record file, stderr, its own error
// messages) never carries a token: headers that present one are redacted by
// name (credential-looking names and the header each adapter declares for its
// token), and every token the emulator knows is cut out of whatever text is
// left, wherever a client may have echoed it (a query, a body, a path).
#include "detail.hpp"

#include <b44/http.hpp>

#include <algorithm>

namespace b44::emulator::detail {
namespace {

constexpr std::string_view kRedacted = "<redacted>";

// The forms the known tokens take in a request: as is, percent-encoded (a
// query or form value) and JSON-escaped (inside a JSON body).
std::vector<std::string> needles(const TokenBook& book, const std::vector<std::string>& fixed,
                                 const std::vector<std::string>& learned) {
  std::vector<std::string> out;
  auto tokens = book.all();
  tokens.insert(tokens.end(), fixed.begin(), fixed.end());
  tokens.insert(tokens.end(), learned.begin(), learned.end());
  for (const auto& token : tokens) {
    // Shorter "tokens" are placeholders ("x"): cutting every "x" out of the
    // record would leave nothing readable and hide nothing.
    if (token.size() < kMinRedactedToken) continue;
    out.push_back(token);
    if (auto encoded = percentEncode(token); encoded != token) out.push_back(encoded);
    std::string escaped = dumpJson(token);
    escaped = escaped.substr(1, escaped.size() - 2);
    if (escaped != token) out.push_back(std::move(escaped));
  }
  return out;
}

// `text` with every occurrence of a needle replaced by "<redacted>". Spans
// are found in the original text and merged, so a token that contains another
// ("t" and its rotation "t.rotated1") is cut out whole.
std::string cut(std::string_view text, const std::vector<std::string>& needles) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (const auto& needle : needles) {
    for (auto at = text.find(needle); at != std::string_view::npos;
         at = text.find(needle, at + 1)) {
      spans.emplace_back(at, at + needle.size());
    }
  }
  if (spans.empty()) return std::string(text);
  std::sort(spans.begin(), spans.end());
  std::string out;
  std::size_t position = 0;
  for (std::size_t i = 0; i < spans.size();) {
    const std::size_t begin = spans[i].first;
    std::size_t end = spans[i].second;
    for (++i; i < spans.size() && spans[i].first <= end; ++i) end = std::max(end, spans[i].second);
    out.append(text.substr(position, begin - position));
    out.append(kRedacted);
    position = end;
  }
  out.append(text.substr(position));
  return out;
}

}  // namespace

Redactor::Redactor(const nlohmann::json& document, const TokenBook& tokens,
                   AdapterLookup adapterLookup)
    : tokens_(tokens), adapterLookup_(std::move(adapterLookup)) {
  if (document.contains("service_token") && document.at("service_token").is_string()) {
    fixedSecrets_.push_back(document.at("service_token").get<std::string>());
  }
  for (const auto& token : document.value("app_user_tokens", nlohmann::json::array())) {
    if (token.is_string()) fixedSecrets_.push_back(token.get<std::string>());
  }
  for (const char* section : {"connections", "workspace_connectors", "app_user_connectors"}) {
    if (!document.contains(section) || !document.at(section).is_object()) continue;
    for (const auto& [key, entry] : document.at(section).items()) {
      if (entry.contains("integration_type") && entry.at("integration_type").is_string()) {
        types_.insert(entry.at("integration_type").get<std::string>());
      } else if (std::string_view(section) == "connections") {
        types_.insert(key);
      }
    }
  }
}

bool Redactor::isTokenHeader(const std::string& name) const {
  if (b44::isCredentialHeader(name)) return true;
  // Adapters are looked up once, on first use: constructing an emulator that
  // never records loads none.
  std::call_once(declaredOnce_, [this] {
    if (!adapterLookup_) return;
    for (const auto& type : types_) {
      try {
        if (const auto adapter = adapterLookup_(type)) {
          declaredHeaders_.insert(toLower(adapter->spec().token.header));
          for (const auto& secret : adapter->spec().secretHeaders) {
            declaredHeaders_.insert(toLower(secret));
          }
        }
      } catch (const std::exception&) {
        // No adapter for the type: its tokens are still cut out of the text.
      }
    }
  });
  return declaredHeaders_.contains(toLower(name));
}

void Redactor::learn(const std::string& secret) {
  const std::lock_guard lock(learnedMutex_);
  learned_.insert(secret);
}

std::vector<std::string> Redactor::known() const {
  std::vector<std::string> learned;
  {
    const std::lock_guard lock(learnedMutex_);
    learned.assign(learned_.begin(), learned_.end());
  }
  return needles(tokens_, fixedSecrets_, learned);
}

std::string Redactor::text(std::string_view text) const { return cut(text, known()); }

nlohmann::json Redactor::request(const RecordedRequest& request) const {
  const auto known = this->known();
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : request.headers) {
    headers[name] = isTokenHeader(name) ? redactCredential(value) : cut(value, known);
  }
  nlohmann::json out = {
      {"method", request.method},
      {"url", cut(request.url, known)},
      {"headers", std::move(headers)},
      {"body", request.body ? nlohmann::json(cut(*request.body, known)) : nlohmann::json(nullptr)}};
  if (!request.fault.empty()) out["fault"] = request.fault;
  return out;
}

void Redactor::errorReply(Reply& reply) const {
  // The emulator's own error bodies are flat JSON objects of strings: each
  // string is redacted, so the body stays JSON whatever a token looked like.
  auto body = nlohmann::json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) {
    reply.body = text(reply.body);
    return;
  }
  for (auto& [key, value] : body.items()) {
    if (value.is_string()) {
      value = text(value.get_ref<const std::string&>());
    } else if (value.is_object()) {
      for (auto& [innerKey, inner] : value.items()) {
        if (inner.is_string()) inner = text(inner.get_ref<const std::string&>());
      }
    }
  }
  reply.body = dumpJson(body);
}

}  // namespace b44::emulator::detail
