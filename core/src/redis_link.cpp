#include "redis_link.hpp"

#include <b44/errors.hpp>
#include <b44/http.hpp>

#include "cache_crypto.hpp"
#include "metrics.hpp"

#include <Poco/Exception.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Error.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <algorithm>
#include <charconv>

namespace b44 {

RedisEndpoint parseRedisUrl(std::string_view name, std::string_view url) {
  const auto bad = [&](const std::string& why) {
    return InvalidArgumentError(std::string(name),
                                why + " (expected redis://[:password@]host:port[/db])");
  };
  if (url.starts_with("rediss://")) {
    throw InvalidArgumentError(std::string(name),
                               "rediss:// (Redis over TLS) is not supported: Poco 1.11's Redis "
                               "client has no TLS; use redis:// on a trusted network or a local "
                               "TLS tunnel (stunnel, spiped)");
  }
  Poco::URI uri;
  try {
    uri = Poco::URI(std::string(url));
  } catch (const Poco::Exception&) {
    // Poco's message quotes the URL, password included.
    throw bad("is not a URL");
  }
  if (uri.getScheme() != "redis") throw bad("must start with redis://");
  if (!uri.getRawQuery().empty() || !uri.getFragment().empty()) {
    throw bad("must not have a query or fragment");
  }
  if (uri.getHost().empty()) throw bad("the host is missing");
  RedisEndpoint endpoint;
  endpoint.host = uri.getHost();
  if (uri.getPort() != 0) endpoint.port = uri.getPort();  // 0: not given (Poco refuses :0)
  if (!uri.getUserInfo().empty()) {
    const std::string_view userInfo = uri.getUserInfo();  // as written: Poco 1.11 keeps %XX
    const auto colon = userInfo.find(':');
    if (colon == std::string_view::npos) throw bad("the part before '@' must be [user]:password");
    endpoint.user = percentDecode(userInfo.substr(0, colon));
    endpoint.password = Secret(percentDecode(userInfo.substr(colon + 1)));
  }
  const std::string_view path = uri.getPath();
  if (const std::string_view database = path.substr(std::min<std::size_t>(1, path.size()));
      !database.empty()) {
    int value = -1;
    const auto [end, ec] =
        std::from_chars(database.data(), database.data() + database.size(), value);
    if (ec != std::errc{} || end != database.data() + database.size() || value < 0) {
      throw bad("the database after '/' must be a number");
    }
    endpoint.database = value;
  }
  return endpoint;
}

namespace detail {

using Poco::Redis::RedisType;
using Poco::Redis::RedisTypeTraits;
using Poco::Redis::Type;

std::optional<std::string> replyText(const RedisType::Ptr& reply) {
  if (!reply) return std::nullopt;
  if (const auto* bulk = dynamic_cast<const Type<Poco::Redis::BulkString>*>(reply.get())) {
    if (bulk->value().isNull()) return std::nullopt;
    return bulk->value().value();
  }
  if (const auto* simple = dynamic_cast<const Type<std::string>*>(reply.get())) {
    return simple->value();
  }
  return std::nullopt;
}

bool replyIsNil(const RedisType::Ptr& reply) {
  if (const auto* bulk = dynamic_cast<const Type<Poco::Redis::BulkString>*>(reply.get())) {
    return bulk->value().isNull();
  }
  if (const auto* array = dynamic_cast<const Type<Poco::Redis::Array>*>(reply.get())) {
    return array->value().isNull();
  }
  return false;
}

std::optional<long long> replyInteger(const RedisType::Ptr& reply) {
  if (const auto* integer = dynamic_cast<const Type<Poco::Int64>*>(reply.get())) {
    return integer->value();
  }
  return std::nullopt;
}

const Poco::Redis::Array* replyArray(const RedisType::Ptr& reply) {
  const auto* array = dynamic_cast<const Type<Poco::Redis::Array>*>(reply.get());
  if (array == nullptr || array->value().isNull()) return nullptr;
  return &array->value();
}

RedisLink::RedisLink(RedisEndpoint endpoint, const SharedBackendOptions& options,
                     std::shared_ptr<Clock> clock, LogSink log, Metrics& metrics)
    : endpoint_(std::move(endpoint)),
      timeout_(options.timeout),
      retryInterval_(options.retryInterval),
      clock_(std::move(clock)),
      log_(std::move(log)),
      metrics_(metrics) {}

RedisLink::~RedisLink() = default;

// The link for one exchange, or not (`held()` false) if another exchange
// kept it beyond the link's timeout.
class RedisLink::Turn {
 public:
  explicit Turn(RedisLink& link) : link_(link) {
    std::unique_lock lock(link_.gate_);
    held_ = link_.freed_.wait_for(lock, link_.timeout_, [this] { return !link_.busy_; });
    if (held_) link_.busy_ = true;
  }
  ~Turn() {
    if (!held_) return;
    {
      std::lock_guard lock(link_.gate_);
      link_.busy_ = false;
    }
    link_.freed_.notify_one();
  }
  Turn(const Turn&) = delete;
  Turn& operator=(const Turn&) = delete;
  [[nodiscard]] bool held() const { return held_; }

 private:
  RedisLink& link_;
  bool held_ = false;
};

void RedisLink::connectLocked() {
  auto client = std::make_unique<Poco::Redis::Client>();
  const Poco::Timespan timeout(
      std::chrono::duration_cast<std::chrono::microseconds>(timeout_).count());
  client->connect(endpoint_.host, endpoint_.port, timeout);
  client->setReceiveTimeout(timeout);
  if (!endpoint_.password.empty()) {
    Poco::Redis::Array auth;
    auth << "AUTH";
    if (!endpoint_.user.empty()) auth << endpoint_.user;
    auth << endpoint_.password.reveal();
    client->execute<std::string>(auth);
  }
  if (endpoint_.database != 0) {
    Poco::Redis::Array select;
    select << "SELECT" << std::to_string(endpoint_.database);
    client->execute<std::string>(select);
  }
  client_ = std::move(client);
}

void RedisLink::failLocked(std::string_view what, std::string_view why) {
  client_.reset();
  down_ = true;
  const auto now = clock_->now();
  downUntil_ = now + retryInterval_;
  Metrics::count(metrics_.redisFallbacks, log_, "redis fallback", what);
  if (log_ && (!lastWarning_ || now - *lastWarning_ >= retryInterval_)) {
    lastWarning_ = now;
    log_(LogLevel::Warning,
         "b44: Redis at " + endpoint_.host + ":" + std::to_string(endpoint_.port) +
             " is unavailable (" + std::string(what) + ": " + std::string(why) +
             "); this process uses its own connection cache and rate limiter, and tries Redis "
             "again in " +
             std::to_string(retryInterval_.count()) + " ms");
  }
}

std::optional<Poco::Redis::RedisType::Ptr> RedisLink::run(const Poco::Redis::Array& command,
                                                          std::string_view what,
                                                          const Poco::Redis::Array* onNoScript) {
  const Turn turn(*this);
  if (!turn.held()) {
    // Another thread's exchange holds the link longer than the bound.
    Metrics::count(metrics_.redisFallbacks, log_, "redis busy", what);
    return std::nullopt;
  }
  if (down_ && clock_->now() < downUntil_) {
    ++metrics_.redisFallbacks;
    return std::nullopt;
  }
  try {
    if (!client_) connectLocked();
    auto reply = client_->sendCommand(command);
    if (onNoScript != nullptr && reply &&
        reply->type() == Poco::Redis::RedisTypeTraits<Poco::Redis::Error>::TypeId &&
        reply->toString().find("NOSCRIPT") != std::string::npos) {
      reply = client_->sendCommand(*onNoScript);  // the script's first run on this server
    }
    if (!reply || reply->type() == Poco::Redis::RedisTypeTraits<Poco::Redis::Error>::TypeId) {
      failLocked(what, reply ? "error answer: " + reply->toString() : "no answer");
      return std::nullopt;
    }
    if (down_) {
      down_ = false;
      if (log_) log_(LogLevel::Info, "b44: Redis at " + endpoint_.host + " is back; sharing again");
    }
    return reply;
  } catch (const Poco::Exception& e) {
    failLocked(what, e.displayText());
  } catch (const std::exception& e) {
    failLocked(what, e.what());
  }
  return std::nullopt;
}

std::optional<Poco::Redis::RedisType::Ptr> RedisLink::eval(const std::string& script,
                                                           const std::vector<std::string>& keys,
                                                           const std::vector<std::string>& args,
                                                           std::string_view what) {
  // By its SHA-1 (a short command, one segment on the wire); the whole
  // script only when this server does not know it yet.
  const auto command = [&](const char* verb, const std::string& body) {
    Poco::Redis::Array words;
    words << verb << body << std::to_string(keys.size());
    for (const auto& key : keys) words << key;
    for (const auto& arg : args) words << arg;
    return words;
  };
  const auto full = command("EVAL", script);
  return run(command("EVALSHA", CacheCrypto::sha1Hex(script)), what, &full);
}

void RedisLink::garbage(std::string_view what) {
  const Turn turn(*this);
  if (!turn.held()) return;
  failLocked(what, "an answer of the wrong shape");
}

}  // namespace detail
}  // namespace b44
