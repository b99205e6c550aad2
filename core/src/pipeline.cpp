#include <b44/errors.hpp>
#include <b44/pipeline.hpp>

#include <algorithm>

namespace b44 {

HttpPipeline::HttpPipeline(std::vector<std::shared_ptr<HttpPolicy>> policies,
                           std::shared_ptr<HttpTransport> transport, std::shared_ptr<Clock> clock,
                           std::chrono::milliseconds readTimeout)
    : policies_(std::move(policies)),
      transport_(std::move(transport)),
      clock_(std::move(clock)),
      readTimeout_(readTimeout) {}

HttpResponse HttpPipeline::send(HttpRequest request, CallContext& context) const {
  return sendFrom(0, request, context);
}

HttpResponse HttpPipeline::sendFrom(std::size_t index, HttpRequest& request,
                                    CallContext& context) const {
  if (index < policies_.size()) {
    return policies_[index]->send(request, context, [this, index](HttpRequest& r, CallContext& c) {
      return sendFrom(index + 1, r, c);
    });
  }
  const auto remaining =
      std::chrono::duration_cast<std::chrono::milliseconds>(context.deadline - clock_->now());
  if (remaining <= std::chrono::milliseconds::zero()) {
    throw TransportError(
        TransportError::Kind::Timeout, TransportError::Phase::NotSent,
        context.operation + ": the call deadline passed before the request was sent");
  }
  // Every error of the exchange names the operation, so a caller can tell
  // which adapter and action failed.
  const bool deadlineBound = remaining < readTimeout_;
  try {
    // The transport bounds the whole exchange by what is left of the call,
    // and each socket operation by the read timeout as well.
    return transport_->send(request, context.destination, remaining);
  } catch (const TransportError& e) {
    std::string message = context.operation + ": " + e.what();
    if (e.kind() == TransportError::Kind::Timeout && deadlineBound) {
      message +=
          " (the call deadline left " + std::to_string(remaining.count()) + " ms for this attempt)";
    }
    throw TransportError(e.kind(), e.phase(), message);
  } catch (const ProtocolError& e) {
    throw ProtocolError(context.operation + ": " + e.what());
  }
}

namespace {

// `text` without the request's secrets and the tokens it presented.
std::string redactedFor(const CallContext& context, std::string text) {
  std::vector<std::string_view> secrets;
  for (const auto& secret : context.requestSecrets) secrets.push_back(secret.reveal());
  for (const auto& token : context.presentedTokens) secrets.push_back(token.reveal());
  return redacted(std::move(text), secrets);
}

class LoggingPolicy final : public HttpPolicy {
 public:
  explicit LoggingPolicy(LogSink sink) : sink_(std::move(sink)) {}
  HttpResponse send(HttpRequest& request, CallContext& context, const NextPolicy& next) override {
    if (!sink_) return next(request, context);
    // Only method and URL: headers may carry credentials; a URL may carry a
    // secret of the request (a webhook token in the path), shown redacted.
    sink_(LogLevel::Debug,
          context.operation + ": " + request.method + " " + redactedFor(context, request.url));
    try {
      HttpResponse response = next(request, context);
      sink_(LogLevel::Debug, context.operation + ": HTTP " + std::to_string(response.status) +
                                 " (" + std::to_string(response.body.size()) + " bytes)");
      return response;
    } catch (const std::exception& e) {
      sink_(LogLevel::Warning, context.operation + ": " + redactedFor(context, e.what()));
      throw;
    }
  }

 private:
  LogSink sink_;
};

}  // namespace

std::shared_ptr<HttpPolicy> makeLoggingPolicy(LogSink sink) {
  return std::make_shared<LoggingPolicy>(std::move(sink));
}

}  // namespace b44
