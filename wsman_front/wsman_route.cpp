// POST /wsman: body -> XML -> Dispatcher -> SOAP answer.
#include "wsman_front/wsman_route.hpp"

#include "wsman_front/body_text.hpp"
#include "wsman_front/xml_parser.hpp"
#include "wsman_front/xml_writer.hpp"

#include <atomic>
#include <memory>
#include <strings.h>
#include <thread>

namespace wsman {
namespace {

http::Response soap(Reply&& reply) {
    http::Response r;
    r.status = reply.http_status;
    r.body = std::move(reply.body);
    return r;
}

std::optional<http::Response> refused_body(http::Request& request, XmlNode& out) {
    if (auto text = make_utf8(request.body, request.header("Content-Type")); !text) {
        return soap({500, fault_envelope(text.error().problem == BodyProblem::unsupported_charset
                                             ? fault::encoding_limit(text.error().why, "UnsupportedCharacterSet")
                                             : fault::invalid_representation(text.error().why),
                                         "")});
    }
    auto xml = parse_document(request.body);
    if (!xml) {
        return soap({500, fault_envelope(xml.error().kind == XmlError::Kind::malformed
                                             ? fault::invalid_representation("The request is not well-formed XML: " +
                                                                             xml.error().why)
                                             : fault::encoding_limit("The request is too complex: " + xml.error().why,
                                                                     "ServiceEnvelopeLimit"),
                                         "")});
    }
    out = std::move(*xml);
    return std::nullopt;
}

} // namespace

http::Route wsman_route(Dispatcher& dispatcher, unsigned max_waiting, http::RequestCounts* counts) {
    auto waiting = std::make_shared<std::atomic<unsigned>>(0);
    http::Route route;
    route.path = "/wsman";
    route.methods = {"POST"};
    route.anonymous = [](const http::Request& r) {
        const auto v = r.header("WSMANIDENTIFY");
        return v.size() == 15 && strncasecmp(v.data(), "unauthenticated", 15) == 0;
    };
    route.handler = [&dispatcher, waiting, max_waiting, counts](http::Exchange& ex, http::Responder responder) {
        auto count = [counts](std::string_view operation, int status) {
            if (counts != nullptr) {
                counts->add("wsman", operation, status);
            }
        };
        XmlNode envelope;
        if (auto refused = refused_body(ex.request, envelope)) {
            count("Unknown", refused->status);
            responder.send(std::move(*refused));
            return;
        }
        const bool may_wait = Dispatcher::may_wait(envelope);
        const std::string_view operation = Dispatcher::operation(envelope);
        if (may_wait && waiting->fetch_add(1) < max_waiting) {
            std::thread([&dispatcher, waiting, count, operation, envelope = std::move(envelope),
                         caller = std::move(ex.caller), responder = std::move(responder)]() mutable {
                Reply reply = dispatcher.handle(envelope, caller ? &*caller : nullptr);
                waiting->fetch_sub(1);
                count(operation, reply.http_status);
                responder.send(soap(std::move(reply)));
            }).detach();
            return;
        }
        if (may_wait) {
            waiting->fetch_sub(1); // over the limit: answered here (BoundedCalls refuses with wsman:Concurrency)
        }
        Reply reply = dispatcher.handle(envelope, ex.caller ? &*ex.caller : nullptr);
        count(operation, reply.http_status); // a held request: counted once, when it arrives
        if (auto later = std::move(reply.later)) {
            if (auto parked = responder.park(later->deadline,
                                             soap({later->deadline_status, std::move(later->deadline_body), {}}))) {
                later->parked(HeldReply(std::move(*parked)));
                return;
            }
        }
        responder.send(soap(std::move(reply)));
    };
    return route;
}

} // namespace wsman
