#pragma once
// b44-connectors request TYPE METHOD PATH: any endpoint of a service, sent
// through its adapter (b44::ServiceClient::request and paginate).
#include "options.hpp"

#include <b44/registry.hpp>

#include <iosfwd>
#include <string>

namespace b44::cli {

// Sends the request the options describe (a body given as "-" is read from
// `in`) and prints the answer; exit code 4 for an error answer, its body
// still printed.
int requestCommand(const Registry& registry, const Options& options, std::istream& in,
                   std::ostream& out, std::ostream& err);

}  // namespace b44::cli
