#include <b44/http.hpp>
#include <b44/plugin/spec.hpp>

#include <algorithm>

namespace b44::plugin {

const ActionSpec* AdapterSpec::findAction(std::string_view name) const {
  for (const auto& action : actions) {
    if (action.name == name) return &action;
  }
  return nullptr;
}

const ApiHost* AdapterSpec::findHost(std::string_view name) const {
  if (hosts.empty()) return nullptr;
  if (name.empty()) return &hosts.front();
  for (const auto& host : hosts) {
    if (host.name == name) return &host;
  }
  return nullptr;
}

Pagination bodyCursor(std::string cursorPointer, std::string cursorArgument,
                      std::string itemsPointer, std::string hasMorePointer) {
  return {Pagination::Style::BodyCursor, std::move(cursorPointer), std::move(cursorArgument),
          std::move(itemsPointer), std::move(hasMorePointer)};
}

Pagination linkHeader(std::string cursorArgument, std::string itemsPointer) {
  return {Pagination::Style::LinkHeader, "", std::move(cursorArgument), std::move(itemsPointer),
          ""};
}

Pagination nextUrl(std::string urlPointer, std::string cursorArgument, std::string itemsPointer) {
  return {Pagination::Style::NextUrl, std::move(urlPointer), std::move(cursorArgument),
          std::move(itemsPointer), ""};
}

Pagination pageNumber(std::string pageParameter, std::string itemsPointer, long firstPage) {
  Pagination pagination{Pagination::Style::PageNumber, "", std::move(pageParameter),
                        std::move(itemsPointer), ""};
  pagination.firstPage = firstPage;
  return pagination;
}

Pagination offset(std::string offsetParameter, std::string itemsPointer) {
  return {Pagination::Style::Offset, "", std::move(offsetParameter), std::move(itemsPointer), ""};
}

std::string toString(Parameter::Type type) {
  switch (type) {
    case Parameter::Type::String:
      return "string";
    case Parameter::Type::Integer:
      return "integer";
    case Parameter::Type::Boolean:
      return "boolean";
    case Parameter::Type::Number:
      return "number";
    case Parameter::Type::Object:
      return "object";
    case Parameter::Type::Array:
      return "array";
    case Parameter::Type::Any:
      return "any";
  }
  return "any";
}

namespace {

nlohmann::json toJson(const Pagination& pagination) {
  static const char* const kStyles[] = {"body_cursor", "link_header", "next_url", "page_number",
                                        "offset"};
  nlohmann::json out{{"style", kStyles[static_cast<int>(pagination.style)]},
                     {"cursor_argument", pagination.cursorArgument}};
  if (!pagination.cursorPointer.empty()) out["cursor_pointer"] = pagination.cursorPointer;
  if (!pagination.itemsPointer.empty()) out["items_pointer"] = pagination.itemsPointer;
  if (!pagination.hasMorePointer.empty()) out["has_more_pointer"] = pagination.hasMorePointer;
  if (pagination.cursorInBody) out["cursor_in_body"] = true;
  if (pagination.style == Pagination::Style::PageNumber) out["first_page"] = pagination.firstPage;
  return out;
}

nlohmann::json toJson(const ActionSpec& action) {
  nlohmann::json parameters = nlohmann::json::array();
  for (const auto& p : action.parameters) {
    parameters.push_back({{"name", p.name},
                          {"type", toString(p.type)},
                          {"required", p.required},
                          {"description", p.description}});
  }
  nlohmann::json out{{"name", action.name},      {"description", action.description},
                     {"method", action.method},  {"retry_safe", action.retrySafe},
                     {"parameters", parameters}, {"example", action.example}};
  if (action.pagination) out["pagination"] = toJson(*action.pagination);
  if (action.download) out["download"] = true;
  return out;
}

}  // namespace

bool AdapterSpec::isSecretHeader(std::string_view name) const {
  return isCredentialHeader(name) || equalsIgnoreCase(name, token.header) ||
         std::any_of(secretHeaders.begin(), secretHeaders.end(),
                     [&](const std::string& secret) { return equalsIgnoreCase(name, secret); });
}

namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

// The text of `segment` when it is a whole "{name}" placeholder, else empty.
std::string_view placeholderName(std::string_view segment) {
  if (segment.size() < 3 || segment.front() != '{' || segment.back() != '}') return {};
  return segment.substr(1, segment.size() - 2);
}

}  // namespace

std::vector<std::string> AdapterSpec::secretValues(std::string_view host, std::string_view path,
                                                   const QueryParams& query) const {
  std::vector<std::string> out;
  // Runs for every request sent: most adapters declare no secret value.
  const bool anySecret = std::any_of(actions.begin(), actions.end(), [](const ActionSpec& action) {
    return std::any_of(action.parameters.begin(), action.parameters.end(),
                       [](const Parameter& p) { return p.secret; });
  });
  if (!anySecret) return out;
  const auto add = [&](const std::string& sent, const std::string& other) {
    if (sent.empty()) return;
    out.push_back(sent);
    if (other != sent) out.push_back(other);
  };
  const std::string_view defaultHost = hosts.empty() ? "" : std::string_view(hosts.front().name);
  const std::string_view hostName = host.empty() ? defaultHost : host;
  const auto sent = segments(path.substr(0, path.find('?')));
  for (const auto& action : actions) {
    if ((action.host.empty() ? defaultHost : std::string_view(action.host)) != hostName) continue;
    const auto isSecret = [&](std::string_view name) {
      return std::any_of(action.parameters.begin(), action.parameters.end(),
                         [&](const Parameter& p) { return p.secret && p.name == name; });
    };
    std::vector<std::string_view> templates{action.path};
    for (const auto& [name, alternative] : action.pathWhen) templates.emplace_back(alternative);
    for (const auto templ : templates) {
      const auto declared = segments(templ);
      if (declared.size() != sent.size()) continue;
      bool matches = true;
      std::vector<std::string_view> secret;
      for (std::size_t i = 0; i < declared.size() && matches; ++i) {
        const auto name = placeholderName(declared[i]);
        if (name.empty()) {
          matches = declared[i] == sent[i];
        } else if (sent[i].empty()) {
          matches = false;
        } else if (isSecret(name)) {
          secret.push_back(sent[i]);
        }
      }
      if (!matches) continue;
      for (const auto value : secret) add(std::string(value), percentDecode(value));
    }
    for (const auto& parameter : action.parameters) {
      if (!parameter.secret || parameter.location != Parameter::Location::Query) continue;
      const std::string& wire = parameter.wireName.empty() ? parameter.name : parameter.wireName;
      for (const auto& [name, value] : query) {
        if (name == wire) add(value, percentEncode(value));
      }
    }
  }
  return out;
}

std::vector<std::string> AdapterSpec::secretArguments(std::string_view action,
                                                      const nlohmann::json& args) const {
  std::vector<std::string> out;
  const ActionSpec* declared = findAction(action);
  if (declared == nullptr || !args.is_object()) return out;
  for (const auto& parameter : declared->parameters) {
    const auto given = args.find(parameter.name);
    if (parameter.secret && given != args.end() && given->is_string()) {
      out.push_back(given->get<std::string>());
    }
  }
  return out;
}

AdapterSummary summarize(const AdapterSpec& spec) {
  return {spec.type, spec.displayName, spec.description, spec.version, spec.configFields};
}

nlohmann::json toJson(const ConfigField& f) {
  nlohmann::json field{{"name", f.name},
                       {"display_name", f.displayName},
                       {"description", f.description},
                       {"example", f.example},
                       {"required", f.required},
                       {"validation_pattern", f.pattern},
                       {"max_length", f.maxLength}};
  if (!f.validationError.empty()) field["validation_error"] = f.validationError;
  if (!f.defaultValue.empty()) field["default"] = f.defaultValue;
  return field;
}

nlohmann::json toJson(const AdapterSummary& summary) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& field : summary.configFields) fields.push_back(toJson(field));
  return {{"type", summary.type},
          {"display_name", summary.displayName},
          {"description", summary.description},
          {"adapter_version", summary.version},
          {"connection_config_fields", std::move(fields)}};
}

nlohmann::json toJson(const AdapterSpec& spec) {
  nlohmann::json hosts = nlohmann::json::array();
  for (const auto& host : spec.hosts) {
    nlohmann::json described{{"name", host.name},
                             {"base_url", host.baseUrlTemplate},
                             {"allowed_hosts", host.allowedHosts}};
    if (host.pagination) described["pagination"] = toJson(*host.pagination);
    hosts.push_back(std::move(described));
  }
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& field : spec.configFields) fields.push_back(toJson(field));
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& h : spec.defaultHeaders) headers[h.name] = h.value;
  nlohmann::json actions = nlohmann::json::array();
  for (const auto& a : spec.actions) actions.push_back(toJson(a));
  const auto& limits = spec.rateLimit;
  nlohmann::json rateLimit{{"retry_after_header", "Retry-After"},
                           {"extra_statuses", limits.extraStatuses}};
  if (!limits.remainingHeader.empty()) rateLimit["remaining_header"] = limits.remainingHeader;
  if (!limits.resetHeader.empty()) {
    rateLimit["reset_header"] = limits.resetHeader;
    rateLimit["reset_format"] = limits.resetFormat;
  }
  nlohmann::json auth{{"header", spec.token.header}, {"scheme", spec.token.scheme}};
  if (!spec.secretHeaders.empty()) auth["secret_headers"] = spec.secretHeaders;
  return {{"type", spec.type},
          {"display_name", spec.displayName},
          {"description", spec.description},
          {"documentation_url", spec.documentationUrl},
          {"hosts", hosts},
          {"connection_config_fields", fields},
          {"auth", auth},
          {"default_headers", headers},
          {"rate_limit", rateLimit},
          {"actions", actions}};
}

}  // namespace b44::plugin
