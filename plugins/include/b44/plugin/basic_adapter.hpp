#pragma once
// The base most adapters derive from: declare the spec, add each action with a
// function that builds its request, and optionally one that shapes its result.
// Arguments are validated against the declared parameters before building, and
// error answers become ServiceErrors, once, here.
#include <b44/plugin/adapter.hpp>
#include <b44/plugin/args.hpp>

#include <functional>
#include <map>
#include <string>

namespace b44::plugin {

// An Adapter built from a spec and one function per action; see the top of
// this header.
class BasicAdapter : public Adapter {
 public:
  // Builds an action's request from its (already validated) arguments; an empty
  // method means the action's declared one.
  using BuildFn = std::function<ServiceRequest(const Args&)>;
  // Receives the parsed JSON body (null for an empty body); default: returns it.
  using ParseFn =
      std::function<nlohmann::json(const Args&, nlohmann::json body, const ServiceResponse&)>;

  // Starts from `spec`; addAction adds the actions' code.
  explicit BasicAdapter(AdapterSpec spec);

  // The spec, with every action added so far.
  [[nodiscard]] const AdapterSpec& spec() const override { return spec_; }
  [[nodiscard]] ServiceRequest buildRequest(std::string_view action,
                                            const nlohmann::json& args) const override;
  [[nodiscard]] nlohmann::json parseResponse(std::string_view action, const nlohmann::json& args,
                                             const ServiceResponse& response) const override;
  // Raw answers go through checkResponse with the action name "request".
  void checkRawResponse(const ServiceResponse& response) const override;

 protected:
  // Adds an action (or gives a declared one its code): `build` makes its
  // request, `parse` (optional) shapes its result.
  void addAction(ActionSpec action, BuildFn build, ParseFn parse = {});
  // Called with every parsed answer; throws ServiceError for an error answer.
  // The default treats non-2xx statuses as errors, reading the usual fields
  // (error.message, message, error_description, error) for the detail.
  virtual void checkResponse(std::string_view action, const ServiceResponse& response,
                             const nlohmann::json& body) const;
  // "TYPE.ACTION", the name errors and logs use.
  [[nodiscard]] std::string operationName(std::string_view action) const;

 private:
  struct ActionImpl {
    BuildFn build;
    ParseFn parse;
  };
  const ActionImpl& implementation(std::string_view action) const;
  AdapterSpec spec_;
  std::map<std::string, ActionImpl, std::less<>> actions_;
};

// The usual error fields of a JSON error body, for ServiceError's code/detail.
struct ErrorFields {
  // The service's error code, e.g. "not_found"; empty if none.
  std::string code;
  // The service's explanation; empty if none.
  std::string detail;
};
// Reads the usual places: the code from error.errors[0].reason, error.code,
// code, error, ...; the detail from error.message, message,
// error_description, ...; a string body is its own detail.
ErrorFields commonErrorFields(const nlohmann::json& body);

}  // namespace b44::plugin
