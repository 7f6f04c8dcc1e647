// The C API over Session: handles, per-thread last error, options as strings, item accessors.
#include "wsman_client/wsman_client.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <strings.h>

#include "wsman_client/c_api_handles.hpp"
#include "wsman_client/errc.hpp"
#include "wsman_client/resource_uri.hpp"

namespace wsman::client::capi {

thread_local Failure last_failure;

wsmc_status fail(const Failure& f) {
  last_failure = f;
  return static_cast<wsmc_status>(f.code.value());
}

wsmc_status fail(Errc e, const std::string& message) { return fail(failure(make_error_code(e), message)); }

wsmc_status succeed() {
  last_failure = Failure{};
  return WSMC_OK;
}

char* dup(const std::string& s) {
  auto* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p != nullptr) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

}  // namespace wsman::client::capi

using namespace wsman::client::capi;

namespace {

const wc::Property* property(const wsmc_item* item, const char* name) {
  if (item == nullptr || name == nullptr || !item->item->instance()) return nullptr;
  return item->item->instance()->find(name);
}

const char* value_at(const wc::Property* p, unsigned i) {
  if (p == nullptr || p->kind == wc::Property::Kind::nil) return nullptr;
  if (p->kind == wc::Property::Kind::reference) {
    return i < p->references.size() ? p->references[i].resource_uri.c_str() : nullptr;
  }
  return i < p->values.size() ? p->values[i].c_str() : nullptr;
}

}  // namespace

extern "C" {

wsmc_session* wsmc_session_new(const char* url) {
  if (url == nullptr) return nullptr;
  auto* s = new (std::nothrow) wsmc_session;
  if (s != nullptr) s->options.transport.url = url;
  return s;
}

void wsmc_session_free(wsmc_session* session) { delete session; }

wsmc_status wsmc_session_set(wsmc_session* s, wsmc_option option, const char* value) {
  if (s == nullptr || value == nullptr) return fail(wc::Errc::invalid_argument, "no session or value");
  std::lock_guard lock(s->mutex);
  auto& t = s->options.transport;
  auto number = [&](std::uint32_t& out) {
    char* end = nullptr;
    unsigned long v = std::strtoul(value, &end, 10);
    if (end == value || *end != '\0' || v > 0xFFFFFFFFul) return false;
    out = static_cast<std::uint32_t>(v);
    return true;
  };
  const bool on = std::strcmp(value, "1") == 0;
  switch (option) {
    case WSMC_OPT_USER: t.user = value; break;
    case WSMC_OPT_PASSWORD: t.password = value; break;
    case WSMC_OPT_AUTH:
      if (strcasecmp(value, "basic") == 0) t.auth = wc::Auth::basic;
      else if (strcasecmp(value, "digest") == 0) t.auth = wc::Auth::digest;
      else if (strcasecmp(value, "auto") == 0) t.auth = wc::Auth::negotiate_basic_digest;
      else if (strcasecmp(value, "none") == 0) t.auth = wc::Auth::none;
      else return fail(wc::Errc::invalid_argument, "auth must be basic, digest, auto or none");
      break;
    case WSMC_OPT_CLIENT_CERT: t.client_cert = value; break;
    case WSMC_OPT_CLIENT_KEY: t.client_key = value; break;
    case WSMC_OPT_CA_FILE: t.ca_file = value; break;
    case WSMC_OPT_CA_DIR: t.ca_dir = value; break;
    case WSMC_OPT_SKIP_CA_CHECK: t.verify_peer = !on; break;
    case WSMC_OPT_SKIP_CN_CHECK: t.verify_host = !on; break;
    case WSMC_OPT_TIMEOUT_MS:
      if (!number(t.timeout_ms)) return fail(wc::Errc::invalid_argument, "not a number");
      break;
    case WSMC_OPT_OPERATION_TIMEOUT_MS:
      if (!number(s->options.operation_timeout_ms)) return fail(wc::Errc::invalid_argument, "not a number");
      break;
    case WSMC_OPT_MAX_ENVELOPE_SIZE:
      if (!number(s->options.max_envelope_size)) return fail(wc::Errc::invalid_argument, "not a number");
      break;
    case WSMC_OPT_LOCALE: s->options.locale = value; break;
    case WSMC_OPT_UTF16: t.utf16 = on; break;
    default: return fail(wc::Errc::invalid_argument, "unknown option");
  }
  s->session.reset();
  return succeed();
}

wsmc_status wsmc_identify(wsmc_session* s, int unauthenticated, char** xml_out) {
  if (s == nullptr || xml_out == nullptr) return fail(wc::Errc::invalid_argument, "null argument");
  auto r = s->get()->identify(unauthenticated != 0);
  if (!r) return fail(r.error());
  *xml_out = dup(wc::to_xml(*r->body));
  return succeed();
}

#define WSMC_TARGET(resource)                                                       \
  if (s == nullptr || (resource) == nullptr) return fail(wc::Errc::invalid_argument, "null argument"); \
  auto target = wc::resolve_resource(resource);                                     \
  if (!target) return fail(wc::Errc::invalid_argument, std::string("not a resource URI: ") + (resource));

wsmc_status wsmc_get(wsmc_session* s, const char* resource, char** xml_out) {
  WSMC_TARGET(resource)
  auto r = s->get()->get(target->resource_uri, target->selectors);
  if (!r) return fail(r.error());
  if (xml_out != nullptr) *xml_out = dup(r->xml());
  return succeed();
}

wsmc_status wsmc_put(wsmc_session* s, const char* resource, const char* body_xml, char** xml_out) {
  WSMC_TARGET(resource)
  if (body_xml == nullptr) return fail(wc::Errc::invalid_argument, "no body");
  auto r = s->get()->put(target->resource_uri, target->selectors, body_xml);
  if (!r) return fail(r.error());
  if (xml_out != nullptr) *xml_out = dup(r->xml());
  return succeed();
}

wsmc_status wsmc_create(wsmc_session* s, const char* resource, const char* body_xml, char** epr_xml_out) {
  WSMC_TARGET(resource)
  if (body_xml == nullptr) return fail(wc::Errc::invalid_argument, "no body");
  auto r = s->get()->create(target->resource_uri, body_xml);
  if (!r) return fail(r.error());
  if (epr_xml_out != nullptr) {
    std::string x = "<ResourceCreated><ResourceURI>" + wc::xml_escape(r->resource_uri) + "</ResourceURI>";
    for (const auto& [k, v] : r->selectors) x += "<Selector Name=\"" + wc::xml_escape(k) + "\">" + wc::xml_escape(v) + "</Selector>";
    *epr_xml_out = dup(x + "</ResourceCreated>");
  }
  return succeed();
}

wsmc_status wsmc_delete(wsmc_session* s, const char* resource) {
  WSMC_TARGET(resource)
  auto r = s->get()->remove(target->resource_uri, target->selectors);
  if (!r) return fail(r.error());
  return succeed();
}

wsmc_status wsmc_invoke(wsmc_session* s, const char* method, const char* resource, const char* input_xml,
                        char** xml_out) {
  WSMC_TARGET(resource)
  if (method == nullptr) return fail(wc::Errc::invalid_argument, "no method");
  auto r = s->get()->invoke(target->resource_uri, method, target->selectors, input_xml ? input_xml : "");
  if (!r) return fail(r.error());
  if (xml_out != nullptr) *xml_out = dup(r->xml());
  return succeed();
}

void wsmc_enum_options_init(wsmc_enum_options* o) {
  if (o == nullptr) return;
  std::memset(o, 0, sizeof *o);
  o->max_elements = 100;
  o->optimize = 1;
}

wsmc_status wsmc_enumerate(wsmc_session* s, const char* resource, const wsmc_enum_options* options,
                           wsmc_item_callback callback, void* user_data) {
  WSMC_TARGET(resource)
  if (callback == nullptr) return fail(wc::Errc::invalid_argument, "no callback");
  wc::EnumerateOptions eo;
  if (options != nullptr) {
    eo.max_elements = options->max_elements == 0 ? 100 : options->max_elements;
    eo.optimize = options->optimize != 0;
    eo.mode = options->mode == WSMC_MODE_EPR            ? wc::EnumerationMode::epr
              : options->mode == WSMC_MODE_OBJECT_AND_EPR ? wc::EnumerationMode::object_and_epr
                                                          : wc::EnumerationMode::object;
    if (options->wql != nullptr) eo.wql = options->wql;
    if (options->selector_filter != nullptr) {
      auto f = wc::resolve_resource(std::string("x?") + options->selector_filter);
      if (!f) return fail(wc::Errc::invalid_argument, "selector_filter must be Name=Value+Name=Value");
      eo.selector_filter = f->selectors;
    }
    eo.shallow = options->shallow != 0;
    eo.base_properties_only = options->base_properties_only != 0;
  }
  auto session = s->get();
  auto en = session->enumerate(target->resource_uri, eo);
  if (!en) return fail(en.error());
  while (true) {
    auto item = en->next();
    if (!item) return fail(item.error());
    if (!*item) break;
    wsmc_item view{&**item};
    if (callback(user_data, &view) != 0) break;  // the Enumerator releases what is left
  }
  return succeed();
}

const char* wsmc_item_xml(const wsmc_item* item) { return item ? item->item->xml().c_str() : nullptr; }

const char* wsmc_item_class(const wsmc_item* item) {
  return item && item->item->instance() ? item->item->instance()->class_name.c_str() : nullptr;
}

unsigned wsmc_item_property_count(const wsmc_item* item) {
  return item && item->item->instance() ? static_cast<unsigned>(item->item->instance()->properties.size()) : 0;
}

const char* wsmc_item_property_name(const wsmc_item* item, unsigned index) {
  if (item == nullptr || !item->item->instance() || index >= item->item->instance()->properties.size()) return nullptr;
  return item->item->instance()->properties[index].name.c_str();
}

const char* wsmc_item_property_value(const wsmc_item* item, const char* name) {
  return value_at(property(item, name), 0);
}

unsigned wsmc_item_property_size(const wsmc_item* item, const char* name) {
  const auto* p = property(item, name);
  if (p == nullptr || p->kind == wc::Property::Kind::nil) return 0;
  return static_cast<unsigned>(p->values.size() + p->references.size() + p->embedded.size());
}

const char* wsmc_item_property_value_at(const wsmc_item* item, const char* name, unsigned index) {
  return value_at(property(item, name), index);
}

const char* wsmc_item_selector(const wsmc_item* item, const char* name) {
  if (item == nullptr || name == nullptr || !item->item->epr()) return nullptr;
  for (const auto& [k, v] : item->item->epr()->selectors) {
    if (strcasecmp(k.c_str(), name) == 0) return v.c_str();
  }
  return nullptr;
}

const char* wsmc_last_error(void) { return last_failure.message.c_str(); }
const char* wsmc_last_fault_code(void) { return last_failure.fault ? last_failure.fault->code.c_str() : ""; }
const char* wsmc_last_fault_subcode(void) { return last_failure.fault ? last_failure.fault->subcode.c_str() : ""; }
const char* wsmc_last_fault_reason(void) { return last_failure.fault ? last_failure.fault->reason.c_str() : ""; }
const char* wsmc_last_fault_detail(void) { return last_failure.fault ? last_failure.fault->detail_xml.c_str() : ""; }
unsigned long wsmc_last_fault_error_code(void) {
  return last_failure.fault && last_failure.fault->wmi_error_code ? *last_failure.fault->wmi_error_code : 0;
}
int wsmc_last_http_status(void) { return last_failure.http_status; }

void wsmc_free(void* p) { std::free(p); }

}  // extern "C"
