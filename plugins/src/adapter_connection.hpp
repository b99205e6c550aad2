#pragma once
// The real ServiceConnection: one adapter bound to a Base44 client, a
// connection source and a route. Actions and raw requests share one road:
//
//   assemble (once per call: method, relative URL, headers, body)
//     -> retry -> [rate limit] -> address (per attempt: base URL, token)
//     -> logging -> transport (Poco to the service, or Base44's callApi)
//
// The pipeline is built once, in the constructor (docs/adr/0006).
#include <b44/pipeline.hpp>
#include <b44/service_client.hpp>

#include <memory>
#include <string>
#include <vector>

namespace b44::detail {

class AdapterConnection final : public ServiceConnection {
 public:
  AdapterConnection(std::shared_ptr<const plugin::Adapter> adapter, Client client,
                    const ServiceOptions& options);

  [[nodiscard]] const plugin::AdapterSpec& spec() const override { return adapter_->spec(); }
  [[nodiscard]] Page invokePage(std::string_view action, const nlohmann::json& args) const override;
  [[nodiscard]] RawResponse request(const RawRequest& request,
                                    const RequestOptions& options) const override;
  [[nodiscard]] Download download(std::string_view action, const nlohmann::json& args,
                                  const DownloadOptions& options) const override;

  // One call, assembled: what the pipeline sends and how.
  struct Call {
    plugin::ServiceRequest request;
    std::string action;               // "post_message", "request"
    std::string operation;            // "slack.post_message", "slack.request"
    bool returnErrorAnswers = false;  // raw requests: every answer as it came
    bool retrySafe = false;
    bool anyHost = false;   // an absolute URL that may lie under any declared host
    bool download = false;  // a download action: any content type, foreign redirects
    BodySink sink;
    std::size_t maxResponseBytes = 0;
  };

 private:
  // What came back, with what the send path learned on the way.
  struct Answer {
    plugin::ServiceResponse response;
    std::vector<std::string> secrets;  // tokens to scrub from any error text
    RateLimitRefusal rateLimitRefusal;
    double creditsCharged = 0;
  };
  [[nodiscard]] Answer send(const Call& call) const;
  // An action's call, built and checked, ready for send().
  [[nodiscard]] Call actionCall(const plugin::ActionSpec& declared,
                                const nlohmann::json& args) const;
  // Runs `check` (the adapter's reading of the answer). Errors leave it
  // scrubbed of the tokens, and a service error on a rate limit that was
  // not waited out becomes a RateLimitError carrying the wait.
  template <class Check>
  auto checked(const Call& call, const Answer& answer, Check&& check) const;
  [[nodiscard]] std::vector<std::string> clientSecrets() const;

  std::shared_ptr<const plugin::Adapter> adapter_;
  Client client_;
  ConnectionSource source_;
  std::string rateLimitKey_;
  HttpPipeline pipeline_;
};

// The declared action, or an InvalidArgumentError (field "action") with a
// suggestion.
const plugin::ActionSpec& knownAction(const plugin::AdapterSpec& spec, std::string_view action);

// "Is this path a path?" for raw requests: InvalidArgumentError (field
// "request.path") for a URL, an authority, dot segments, '#', '\' or control
// characters. Returns true when it is an absolute URL allowed by the caller.
bool checkRawPath(const std::string& type, const std::string& path, bool allowAbsoluteUrl);

}  // namespace b44::detail
