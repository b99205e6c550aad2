// Fault injection: rules (C++ or JSON, see the README), their matching and
// counters, and the answers they make. The wire-level part (holding an
// answer, closing mid-body, streaming a huge body) is carried out by the HTTP
// server in emulator.cpp from the Reply's fields.
#include "detail.hpp"

#include <b44/errors.hpp>
#include <b44/json.hpp>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace b44::emulator {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<FaultKind, const char*>, 13> kKinds{{
    {FaultKind::Status, "status"},
    {FaultKind::RateLimit, "rate_limit"},
    {FaultKind::RateLimitHeaders, "rate_limit_headers"},
    {FaultKind::Quota, "quota"},
    {FaultKind::Slow, "slow"},
    {FaultKind::Disconnect, "disconnect"},
    {FaultKind::TruncatedBody, "truncated_body"},
    {FaultKind::InvalidJson, "invalid_json"},
    {FaultKind::EmptyBody, "empty_body"},
    {FaultKind::HugeBody, "huge_body"},
    {FaultKind::WrongContentType, "wrong_content_type"},
    {FaultKind::RotateToken, "rotate_token"},
    {FaultKind::Barrier, "barrier"},
}};

const std::set<std::string> kRuleKeys = {"name",
                                         "side",
                                         "fault",
                                         "method",
                                         "host",
                                         "path",
                                         "integration_type",
                                         "skip",
                                         "times",
                                         "status",
                                         "body",
                                         "headers",
                                         "retry_after",
                                         "retry_after_http_date",
                                         "remaining_header",
                                         "reset_header",
                                         "reset_format",
                                         "remaining",
                                         "reset",
                                         "limit",
                                         "window",
                                         "delay_ms",
                                         "size",
                                         "chunked",
                                         "count",
                                         "description",
                                         "comment"};

struct Reader {
  const json& rule;
  std::string field;  // "faults.json: faults[2]"

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    const std::string where = field + "." + key;
    throw InvalidArgumentError(key, where + " " + what);
  }
  [[nodiscard]] bool has(const char* key) const { return rule.contains(key); }
  [[nodiscard]] std::string string(const char* key) const {
    const auto& value = rule.at(key);
    if (!value.is_string()) fail(key, "must be a string");
    return value.get<std::string>();
  }
  [[nodiscard]] long long integer(const char* key, long long min, long long max) const {
    const auto& value = rule.at(key);
    if (!value.is_number_integer() || value.get<long long>() < min ||
        value.get<long long>() > max) {
      fail(key, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return value.get<long long>();
  }
  [[nodiscard]] bool boolean(const char* key) const {
    if (!rule.at(key).is_boolean()) fail(key, "must be true or false");
    return rule.at(key).get<bool>();
  }
};

FaultRule parseRule(const json& item, const std::string& field) {
  if (!item.is_object()) throw InvalidArgumentError(field, field + " must be an object");
  const Reader in{item, field};
  for (const auto& [key, value] : item.items()) {
    if (!kRuleKeys.contains(key)) {
      in.fail(key, "is not a fault field (see tools/emulator/README.md, \"Faults\")");
    }
  }
  FaultRule rule;
  if (!in.has("fault")) in.fail("fault", "is required (status, rate_limit, slow, ...)");
  const auto kind = faultKindFromString(in.string("fault"));
  if (!kind) in.fail("fault", "names no fault kind ('" + in.string("fault") + "')");
  rule.kind = *kind;
  if (in.has("name")) rule.name = in.string("name");
  if (in.has("side")) {
    const std::string side = in.string("side");
    if (side == "sandbox") {
      rule.side = FaultSide::Sandbox;
    } else if (side == "base44") {
      rule.side = FaultSide::Base44;
    } else {
      in.fail("side", "must be \"sandbox\" or \"base44\"");
    }
  }
  if (in.has("method")) rule.method = in.string("method");
  if (in.has("host")) rule.host = in.string("host");
  if (in.has("path")) rule.path = in.string("path");
  if (in.has("integration_type")) rule.integrationType = in.string("integration_type");
  if (in.has("skip")) rule.skip = static_cast<std::size_t>(in.integer("skip", 0, 1'000'000'000));
  if (in.has("times") && !item.at("times").is_null()) {
    rule.times = static_cast<std::size_t>(in.integer("times", 0, 1'000'000'000));
  }
  if (in.has("status")) rule.status = static_cast<int>(in.integer("status", 100, 599));
  if (in.has("body")) rule.body = item.at("body");
  if (in.has("headers")) {
    const auto& headers = item.at("headers");
    if (!headers.is_object()) in.fail("headers", "must be an object of strings");
    for (const auto& [name, value] : headers.items()) {
      if (!value.is_string()) in.fail("headers." + name, "must be a string");
      rule.headers[name] = value.get<std::string>();
    }
  }
  if (in.has("retry_after")) {
    const auto& value = item.at("retry_after");
    if (value.is_number_integer() && value.get<long long>() >= 0) {
      rule.retryAfter = std::to_string(value.get<long long>());
    } else if (value.is_string()) {
      rule.retryAfter = value.get<std::string>();
    } else {
      in.fail("retry_after", "must be seconds (an integer) or a literal header value");
    }
  }
  if (in.has("retry_after_http_date")) {
    rule.retryAfterHttpDate =
        std::chrono::seconds(in.integer("retry_after_http_date", 0, 31'536'000));
  }
  if (in.has("remaining_header")) rule.remainingHeader = in.string("remaining_header");
  if (in.has("reset_header")) rule.resetHeader = in.string("reset_header");
  if (in.has("reset_format")) {
    const json name = in.string("reset_format");
    rule.resetFormat = name.get<RateLimitSignals::ResetFormat>();
    if (json(rule.resetFormat) != name) {  // an unknown name reads as the first
      in.fail("reset_format", "must be delta_seconds, epoch_seconds or epoch_milliseconds");
    }
  }
  if (in.has("remaining")) rule.remaining = in.integer("remaining", 0, 1'000'000'000);
  if (in.has("reset")) rule.reset = std::chrono::seconds(in.integer("reset", 0, 31'536'000));
  if (in.has("limit")) rule.limit = static_cast<std::size_t>(in.integer("limit", 0, 1'000'000'000));
  if (in.has("window")) rule.window = std::chrono::seconds(in.integer("window", 1, 31'536'000));
  if (in.has("delay_ms")) {
    rule.delay = std::chrono::milliseconds(in.integer("delay_ms", 0, kMaxFaultDelay.count()));
  }
  if (in.has("size")) rule.size = static_cast<std::size_t>(in.integer("size", 16, 1LL << 34));
  if (in.has("chunked")) rule.chunked = in.boolean("chunked");
  if (in.has("count")) rule.count = static_cast<std::size_t>(in.integer("count", 1, 100'000));
  detail::validateFault(rule, field);
  return rule;
}

std::string httpDate(std::chrono::system_clock::time_point at) {
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(at.time_since_epoch()).count();
  return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(seconds),
                                         Poco::DateTimeFormat::HTTP_FORMAT);
}

// Matches a path pattern in which '*' stands for any characters.
bool globMatch(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool hostMatches(const std::string& pattern, const std::string& host) {
  if (pattern.empty()) return true;
  if (pattern.starts_with("*.")) return host.ends_with(pattern.substr(1));
  return host == pattern;
}

}  // namespace

std::string toString(FaultKind kind) {
  for (const auto& [value, name] : kKinds) {
    if (value == kind) return name;
  }
  return "unknown";
}

std::optional<FaultKind> faultKindFromString(std::string_view name) {
  for (const auto& [value, text] : kKinds) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::vector<FaultRule> faultsFromJson(const nlohmann::json& document, const std::string& source) {
  const json* rules = &document;
  if (document.is_object()) {
    for (const auto& [key, value] : document.items()) {
      if (key != "faults" && key != "description" && key != "comment") {
        throw InvalidArgumentError(
            key, source + ": " + key + " is not a field of a faults document (faults)");
      }
    }
    if (!document.contains("faults")) {
      throw InvalidArgumentError("faults", source + ": faults is required");
    }
    rules = &document.at("faults");
  }
  if (!rules->is_array()) {
    throw InvalidArgumentError("faults", source + ": faults must be an array of rules");
  }
  std::vector<FaultRule> out;
  for (std::size_t i = 0; i < rules->size(); ++i) {
    out.push_back(parseRule(rules->at(i), source + ": faults[" + std::to_string(i) + "]"));
  }
  return out;
}

std::vector<FaultRule> loadFaultsFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidArgumentError("faults", "cannot read the faults file " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (b44::jsonDeeperThan(text.str(), b44::kDefaultMaxJsonDepth)) {
    throw InvalidArgumentError("faults", file.string() + ": nests deeper than the limit of " +
                                             std::to_string(b44::kDefaultMaxJsonDepth) + " levels");
  }
  const auto document = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    throw InvalidArgumentError("faults", file.string() + ": not valid JSON");
  }
  return faultsFromJson(document, file.string());
}

}  // namespace b44::emulator

namespace b44::emulator::detail {

void validateFault(const FaultRule& rule, const std::string& field) {
  const auto fail = [&](const std::string& key, const std::string& what) {
    throw InvalidArgumentError(key, field + "." + key + " " + what);
  };
  switch (rule.kind) {
    case FaultKind::Status:
      if (rule.status < 100 || rule.status > 599) fail("status", "is required (100-599)");
      break;
    case FaultKind::RateLimit:
      if (rule.status != 0 && (rule.status < 400 || rule.status > 599)) {
        fail("status", "must be an error status (400-599)");
      }
      break;
    case FaultKind::Quota:
      if (rule.limit == 0) fail("limit", "is required (requests per window, at least 1)");
      break;
    case FaultKind::Slow:
      if (rule.delay <= std::chrono::milliseconds::zero() || rule.delay > kMaxFaultDelay) {
        fail("delay_ms", "is required (1-" + std::to_string(kMaxFaultDelay.count()) + ")");
      }
      break;
    case FaultKind::HugeBody:
      if (rule.size < 16) fail("size", "is required (at least 16 bytes)");
      break;
    case FaultKind::RotateToken:
      if (rule.side != FaultSide::Sandbox) fail("side", "must be sandbox for rotate_token");
      break;
    case FaultKind::Barrier:
      if (rule.count == 0) fail("count", "is required (requests to gather)");
      if (rule.delay <= std::chrono::milliseconds::zero() || rule.delay > kMaxFaultDelay) {
        fail("delay_ms",
             "is required: the longest wait (1-" + std::to_string(kMaxFaultDelay.count()) + ")");
      }
      break;
    default:
      break;
  }
  if (!rule.host.empty() && rule.side == FaultSide::Base44) {
    fail("host", "applies to the sandbox side only");
  }
}

bool FaultDecision::replacesAnswer() const {
  if (!rule) return false;
  switch (rule->kind) {
    case FaultKind::Status:
    case FaultKind::RateLimit:
    case FaultKind::Quota:
    case FaultKind::RotateToken:
      return true;
    default:
      return false;
  }
}

FaultInjector::FaultInjector(std::vector<FaultRule> rules, std::shared_ptr<b44::Clock> clock,
                             std::function<void(const FiredFault&)> onFault, TokenBook& tokens,
                             std::size_t maxFired)
    : clock_(clock ? std::move(clock) : b44::systemClock()),
      onFault_(std::move(onFault)),
      tokens_(tokens),
      maxFired_(maxFired) {
  for (auto& rule : rules) add(std::move(rule));
}

void FaultInjector::add(FaultRule rule) {
  validateFault(rule, rule.name.empty() ? "fault" : rule.name);
  std::lock_guard lock(mutex_);
  ++added_;
  if (rule.name.empty()) rule.name = toString(rule.kind) + "#" + std::to_string(added_);
  rule.method = toUpper(rule.method);
  rule.host = toLower(rule.host);
  rules_.push_back(Rule{std::move(rule)});
}

void FaultInjector::clear() {
  {
    std::lock_guard lock(mutex_);
    rules_.clear();
    ++generation_;
  }
  changed_.notify_all();
}

bool FaultInjector::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void FaultInjector::setStopping(bool stopping) {
  {
    std::lock_guard lock(mutex_);
    stopping_ = stopping;
  }
  changed_.notify_all();
}

bool FaultInjector::pause(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, delay, [this] { return stopping_; });
  return !stopping_;
}

std::vector<FiredFault> FaultInjector::fired() const {
  std::lock_guard lock(mutex_);
  return {fired_.begin(), fired_.end()};
}

void FaultInjector::clearFired() {
  std::lock_guard lock(mutex_);
  fired_.clear();
  firedCounts_.clear();
}

std::map<std::string, std::size_t> FaultInjector::firedCounts() const {
  std::lock_guard lock(mutex_);
  return firedCounts_;
}

namespace {

bool matches(const FaultRule& rule, const FaultRequest& request) {
  if (rule.side != request.side) return false;
  if (!rule.method.empty() && rule.method != request.method) return false;
  if (!hostMatches(rule.host, request.host)) return false;
  if (!rule.path.empty() && !globMatch(rule.path, request.path)) return false;
  if (!rule.integrationType.empty() && rule.integrationType != request.integrationType) {
    return false;
  }
  // A token rotation needs to know whose token it is.
  if (rule.kind == FaultKind::RotateToken && !request.token) return false;
  return true;
}

}  // namespace

void FaultInjector::record(const FaultRule& rule, const FaultRequest& request) {
  // Only the latest maxFired_ stay in memory, like the request records.
  if (maxFired_ != 0 && fired_.size() >= maxFired_) fired_.pop_front();
  ++firedCounts_[toString(rule.kind)];
  fired_.push_back(FiredFault{rule.name, rule.kind, request.side, request.method, request.url,
                              request.integrationType});
}

void FaultInjector::passBarriers(const FaultRequest& request) {
  std::vector<FiredFault> fired;
  {
    std::unique_lock lock(mutex_);
    const auto generation = generation_;
    for (std::size_t i = 0; i < rules_.size(); ++i) {
      auto& rule = rules_[i];
      if (rule.rule.kind != FaultKind::Barrier || !matches(rule.rule, request)) continue;
      if (rule.arrived >= rule.rule.count) continue;  // this barrier has opened
      ++rule.arrived;
      record(rule.rule, request);
      fired.push_back(fired_.back());
      changed_.notify_all();
      const auto count = rule.rule.count;
      // `rules_` may change while waiting: find the rule again by generation.
      changed_.wait_for(lock, rule.rule.delay, [&] {
        return stopping_ || generation_ != generation || rules_.size() <= i ||
               rules_[i].arrived >= count;
      });
      if (stopping_ || generation_ != generation) break;
    }
  }
  if (onFault_) {
    for (const auto& each : fired) onFault_(each);
  }
}

std::vector<std::pair<std::string, std::string>> FaultInjector::budgetHeaders(
    const FaultRule& rule, long long remaining, std::chrono::milliseconds reset) const {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!rule.remainingHeader.empty()) {
    headers.emplace_back(rule.remainingHeader, std::to_string(remaining));
  }
  if (!rule.resetHeader.empty()) {
    const auto wall = clock_->wallNow() + reset;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wall.time_since_epoch());
    std::string value;
    switch (rule.resetFormat) {
      case RateLimitSignals::ResetFormat::DeltaSeconds:
        value = std::to_string(std::chrono::ceil<std::chrono::seconds>(reset).count());
        break;
      case RateLimitSignals::ResetFormat::EpochSeconds:
        value = std::to_string(std::chrono::ceil<std::chrono::seconds>(ms).count());
        break;
      case RateLimitSignals::ResetFormat::EpochMilliseconds:
        value = std::to_string(ms.count());
        break;
    }
    headers.emplace_back(rule.resetHeader, value);
  }
  return headers;
}

FaultDecision FaultInjector::decide(const FaultRequest& request) {
  passBarriers(request);
  FaultDecision decision;
  {
    std::lock_guard lock(mutex_);
    // Whether the token is still good is decided now, not when the request
    // arrived: a rotation may have happened while it was held at a barrier.
    std::optional<TokenBook::Holder> token = request.token;
    if (request.headers != nullptr) token = tokens_.holder(*request.headers);
    if (token && token->revoked) {
      FaultRule revoked;
      revoked.name = "revoked_token";
      revoked.kind = FaultKind::Status;
      revoked.status = 401;
      revoked.body = {{"error", "invalid_auth"},
                      {"message", "the token was revoked (rotated by the emulator)"}};
      decision.rule = revoked;
      record(revoked, request);
    } else {
      for (auto& rule : rules_) {
        if (rule.rule.kind == FaultKind::Barrier || !matches(rule.rule, request)) continue;
        if (rule.rule.times && rule.fired >= *rule.rule.times) continue;
        if (++rule.seen <= rule.rule.skip) continue;
        if (rule.rule.kind == FaultKind::Quota) {
          const auto now = clock_->now();
          if (!rule.windowOpen || now >= rule.windowStart + rule.rule.window) {
            rule.windowOpen = true;
            rule.windowStart = now;
            rule.inWindow = 0;
          }
          ++rule.inWindow;
          const auto reset = std::chrono::ceil<std::chrono::milliseconds>(rule.windowStart +
                                                                          rule.rule.window - now);
          const auto limit = rule.rule.limit;
          const long long left =
              rule.inWindow <= limit ? static_cast<long long>(limit - rule.inWindow) : 0;
          auto headers = budgetHeaders(rule.rule, left, reset);
          if (rule.inWindow <= limit) {  // within the quota: only the headers
            decision.extraHeaders.insert(decision.extraHeaders.end(), headers.begin(),
                                         headers.end());
            continue;
          }
          headers.emplace_back(
              "Retry-After",
              std::to_string(std::chrono::ceil<std::chrono::seconds>(reset).count()));
          decision.extraHeaders = std::move(headers);
        }
        ++rule.fired;
        decision.rule = rule.rule;
        record(rule.rule, request);
        if (rule.rule.kind == FaultKind::RotateToken) tokens_.rotate(request.token->entry);
        break;
      }
    }
  }
  if (decision.rule && onFault_) {
    FiredFault fired{decision.rule->name, decision.rule->kind, request.side,
                     request.method,      request.url,         request.integrationType};
    onFault_(fired);
  }
  return decision;
}

Reply FaultInjector::shape(const FaultDecision& decision, Reply normal, bool base44Shape) const {
  const auto withHeaders = [&](Reply reply) {
    for (const auto& header : decision.extraHeaders) reply.headers.push_back(header);
    if (decision.rule) {
      for (const auto& [name, value] : decision.rule->headers)
        reply.headers.emplace_back(name, value);
    }
    return reply;
  };
  if (!decision.rule) return withHeaders(std::move(normal));
  const FaultRule& rule = *decision.rule;
  const auto errorReply = [&](int status, const std::string& code, const std::string& message) {
    if (!rule.body.is_null()) return jsonReply(status, rule.body);
    if (base44Shape) return base44Error(status, code, message);
    return jsonReply(status, {{"error", code}, {"message", message}});
  };
  switch (rule.kind) {
    case FaultKind::Status: {
      static const std::map<int, std::string> kCodes = {
          {401, "invalid_auth"},        {403, "forbidden"},      {404, "not_found"},
          {408, "request_timeout"},     {500, "internal_error"}, {502, "bad_gateway"},
          {503, "service_unavailable"}, {504, "gateway_timeout"}};
      const auto code = kCodes.contains(rule.status) ? kCodes.at(rule.status) : "injected_fault";
      return withHeaders(
          errorReply(rule.status, code,
                     "injected fault '" + rule.name + "': HTTP " + std::to_string(rule.status)));
    }
    case FaultKind::RateLimit: {
      Reply reply = errorReply(rule.status == 0 ? 429 : rule.status, "rate_limited",
                               "injected fault '" + rule.name + "': rate limited");
      if (!rule.retryAfter.empty()) reply.headers.emplace_back("Retry-After", rule.retryAfter);
      if (rule.retryAfterHttpDate) {
        reply.headers.emplace_back("Retry-After",
                                   httpDate(clock_->wallNow() + *rule.retryAfterHttpDate));
      }
      if (rule.remaining || rule.reset) {
        auto headers = budgetHeaders(rule, rule.remaining.value_or(0),
                                     rule.reset.value_or(std::chrono::seconds(0)));
        reply.headers.insert(reply.headers.end(), headers.begin(), headers.end());
      }
      return withHeaders(std::move(reply));
    }
    case FaultKind::Quota:
      return withHeaders(errorReply(429, "rate_limited",
                                    "injected fault '" + rule.name + "': over the quota of " +
                                        std::to_string(rule.limit) + " requests per " +
                                        std::to_string(rule.window.count()) + " s"));
    case FaultKind::RotateToken:
      return withHeaders(errorReply(
          401, "token_expired",
          "injected fault '" + rule.name + "': the token expired; a new one has been issued"));
    case FaultKind::RateLimitHeaders: {
      auto headers = budgetHeaders(rule, rule.remaining.value_or(0),
                                   rule.reset.value_or(std::chrono::seconds(0)));
      normal.headers.insert(normal.headers.end(), headers.begin(), headers.end());
      return withHeaders(std::move(normal));
    }
    case FaultKind::Slow:
      normal.delay = rule.delay;
      return withHeaders(std::move(normal));
    case FaultKind::Disconnect:
      if (normal.body.size() < 2) normal.body = "{\"answer\": \"cut short\"}";
      normal.cutAfter = normal.body.size() / 2;
      return withHeaders(std::move(normal));
    case FaultKind::TruncatedBody:
      normal.body.resize(normal.body.size() / 2);
      return withHeaders(std::move(normal));
    case FaultKind::InvalidJson: {
      Reply reply;
      reply.status = 200;
      reply.contentType = "application/json";
      reply.body = "{\"ok\": true, \"items\": [1, 2,, <<not json>>";
      return withHeaders(std::move(reply));
    }
    case FaultKind::EmptyBody:
      normal.body.clear();
      if (normal.contentType.empty()) normal.contentType = "application/json";
      return withHeaders(std::move(normal));
    case FaultKind::HugeBody: {
      Reply reply;
      reply.status = 200;
      reply.contentType = "application/json";
      reply.padding = rule.size;
      reply.chunked = rule.chunked;
      return withHeaders(std::move(reply));
    }
    case FaultKind::WrongContentType: {
      Reply reply;
      reply.status = normal.status;
      reply.contentType = "text/html; charset=utf-8";
      reply.body =
          "<!DOCTYPE html><html><head><title>Sign in</title></head>"
          "<body><h1>Please sign in</h1><p>Injected fault: an HTML page where JSON was "
          "expected.</p></body></html>";
      return withHeaders(std::move(reply));
    }
    case FaultKind::Barrier:
      break;
  }
  return withHeaders(std::move(normal));
}

}  // namespace b44::emulator::detail
