#pragma once
// b44-connectors request TYPE METHOD PATH: any endpoint of a service, sent
// through its adapter (b44::ServiceClient::request and paginate).
#include "options.hpp"

#include <b44/registry.hpp>

#include <functional>
#include <iosfwd>
#include <string>

namespace b44::cli {

// Takes `arg` into `into` when it is an option of `request`, reading its value
// (if it has one) with `value`; false when it is not one of them.
bool parseRequestOption(const std::string& arg, const std::function<std::string()>& value,
                        RequestArgs& into);

int requestCommand(const Registry& registry, const Options& options, std::ostream& out,
                   std::ostream& err);

}  // namespace b44::cli
