#pragma once
// The hooks the Microsoft Graph declarations (microsoft_teams, one_drive,
// outlook, share_point) share, and the checks their own hooks call, linked
// into each as the static library b44_family_graph. What data can say (host,
// token, @odata.nextLink pagination, the OData option parameters) is in
// graph.json beside this file, with the pages it was checked against.
//
// The shared hooks (graph_errors, graph_next_link, graph_accepted,
// upload_content, search_path) are
// registered once, by B44_SHARED_HOOKS(graph, ...) in graph_family.cpp, for
// every declaration with "sharedHooks": "graph".
#include <b44/plugin/args.hpp>
#include <b44/plugin/basic_adapter.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace b44::graph_family {

// "graph_errors" (check): Graph's {error: {code, message, innerError:
// {request-id}}}; the detail ends with " (request-id ...)" (from the
// request-id header, else innerError), which Microsoft support asks for.
void checkErrors(const plugin::AdapterSpec& spec, std::string_view action,
                 const plugin::ServiceResponse& response, const nlohmann::json& body);

// "graph_next_link" (build): a `next_link` argument ("in": "nextUrl") must be
// a Graph v1.0 URL with nothing that could take it elsewhere
// (InvalidArgumentError naming args.next_link). ServiceClient checks the
// prefix again for direct calls; the proxy route sends only path and query.
void checkNextLink(const plugin::Args& args, plugin::ServiceRequest& request);

// "graph_accepted" (parse): the result of an action Graph answers with 202
// Accepted and no body (sendMail): {"accepted": true, "status": 202}.
nlohmann::json acceptedResult(const plugin::Args& args, nlohmann::json body,
                              const plugin::ServiceResponse& response);

// "upload_content" (build): a simple upload (one_drive and share_point's
// upload_small_file). Appends ":/{path}:/content" to the path (each segment
// of args.path encoded, as encodedPath), sends args.content (text, at most
// 4 MiB, checked before sending) as the body with args.content_type
// (default text/plain; a media type, checked).
void uploadContent(const plugin::Args& args, plugin::ServiceRequest& request);

// "search_path" (build): a drive search, search(q='{query}'), appended to the
// path: args.query is an OData string literal, so a quote is doubled, and it
// is encoded as part of one path segment. A next_link is checked as
// graph_next_link does.
void searchPath(const plugin::Args& args, plugin::ServiceRequest& request);

// --- Values placed in a path ----------------------------------------------------

// A slash-separated path (a OneDrive file path, a SharePoint server-relative
// site path) as encoded path segments joined by "/". One leading "/" is
// dropped. Rejected (InvalidArgumentError naming args.<argument>): empty,
// an empty, "." or ".." segment, a trailing "/", control characters, "\" and
// ":" (Graph ends a path address at ":").
std::string encodedPath(std::string_view path, std::string_view argument);

// A DNS host name (lowercased): labels of letters, digits and hyphens, each
// 1-63 long and not starting or ending with a hyphen, at least two labels, at
// most 253 characters. Anything else is an InvalidArgumentError naming
// args.<argument>.
std::string hostName(std::string_view host, std::string_view argument);

}  // namespace b44::graph_family
