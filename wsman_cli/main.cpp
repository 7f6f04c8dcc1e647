// bmcwsman-client: winrm's verbs over wsman_client (identify, get, set/put, create, delete,
// invoke, enumerate), its @{} input and text layout, plus xml/pretty/json output and exit
// codes that tell usage, connection, TLS, authentication, fault and timeout apart.
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "wsman_cli/events.hpp"
#include "wsman_cli/exit_codes.hpp"
#include "wsman_cli/input.hpp"
#include "wsman_cli/output.hpp"
#include "wsman_cli/password.hpp"
#include "wsman_client/errc.hpp"
#include "wsman_client/namespaces.hpp"
#include "wsman_client/resource_uri.hpp"
#include "wsman_client/session.hpp"

namespace {

using namespace wsman;
namespace ec = wsman::cli::exit_code;

constexpr const char* usage_text = R"(usage: bmcwsman-client VERB [ARGS] [@{KEY="VALUE";...}] [OPTIONS]
verbs:
  identify                          (id)  the endpoint's IdentifyResponse (--unauthenticated: no credentials)
  get URI                           (g)
  set URI @{K="V";K=$null} | --file F   (s, put, p) Get, change the named properties, Put
  create URI @{...} | --file F      (c)
  delete URI                        (d)
  invoke METHOD URI [@{...} | --file F]   (i)
  enumerate URI                     (e, enum)
  subscribe URI --mode push|pushwithack|events|pull [--notify-to URL] (sub)
  renew [URI] --identifier ID [--expires S]   status [URI] --identifier ID
  unsubscribe [URI] --identifier ID (unsub)
  listen [--listen ADDR:PORT|URL]   the event sink: prints notifications as they arrive, Acks them
  pull URI --context CTX [--count N] [--duration S]   a Pull-mode subscription's events as they come
URI: a resource URI, cimv2/CLASS, wmi/root/hardware/CLASS, wmicimv2/CLASS or CIM_Class;
     selectors as URI?Name=Value[+Name=Value]
connection: -r URL|HOST[:PORT] (default http://127.0.0.1:5985/wsman; --ssl: https, 5986)
  -u USER  -a basic|digest|auto|none  --password-file F  --password-env VAR (default WSMAN_PASS;
  else a prompt on the terminal)  --cert PEM --key PEM  --cacert F --capath DIR
  --skip-ca-check --skip-cn-check  --timeout MS (default 60000)  --operation-timeout MS
  --max-envelope-size N  --locale L  --encoding utf-8|utf-16  --no-keep-alive
  --proxy URL | --no-proxy (default: the http_proxy/https_proxy/no_proxy environment)
  --options {K="V";K=$null} (wsman:OptionSet)  --fragment XPATH (get/set: wsman:FragmentTransfer)
  winrm's -name:value switch forms are accepted (-r:host, -returnType:epr, -skipCAcheck)
enumerate: --filter F --dialect wql|selector|association|URI  --return-type object|epr|objectandepr
  --shallow --base-properties-only --max-elements N --associations (the links, not the far ends)
  --no-optimize
subscribe: --notify-to URL --reference XML (NotifyTo reference parameters) --end-to URL
  --expires S --heartbeat S --filter F [--dialect wql|URI] --send-bookmarks --bookmark XML|earliest
  --max-elements N (Events mode batch)
listen: --listen ADDR:PORT|http://ADDR:PORT/PATH (default 0.0.0.0:5990; port 0 picks one)
  --path P (events only at this path, else 404; default the URL's path or /) --count N (stop after N)
  --sink-user U (Basic; password in WSMAN_SINK_PASS) --max-body BYTES --request-timeout MS
pull: --count N (stop after N events) --duration S (no Pull after S seconds) --max-elements N;
  an immediate wsman:TimedOut waits out the rest of --operation-timeout before the next Pull
output: --format text|xml|pretty|json (--json)
exit codes: 0 ok, 1 WS-Management fault, 2 usage, 3 connection, 4 TLS, 5 authentication,
  6 timeout, 7 malformed or oversized answer
)";

struct Args {
  std::string verb;
  std::vector<std::string> positional;
  std::string input;  // @{...}
  std::map<std::string, std::string> values;
  std::set<std::string> flags;
  std::string get(const std::string& k, const std::string& d = {}) const {
    auto it = values.find(k);
    return it == values.end() ? d : it->second;
  }
  bool has(const std::string& k) const { return flags.contains(k) || values.contains(k); }
};

const std::set<std::string> value_options{
    "remote", "username", "auth", "password-file", "password-env", "cert", "key", "cacert", "capath",
    "timeout", "operation-timeout", "max-envelope-size", "locale", "encoding", "format", "filter", "dialect",
    "return-type", "max-elements", "file", "mode", "notify-to", "reference", "end-to", "expires", "heartbeat",
    "bookmark", "identifier", "listen", "count", "max-body", "request-timeout", "sink-user", "proxy", "fragment",
    "options", "context", "path", "duration"};
const std::set<std::string> flag_options{"skip-ca-check", "skip-cn-check", "shallow", "base-properties-only",
                                         "associations", "no-optimize", "json", "unauthenticated", "ssl",
                                         "no-keep-alive", "help", "send-bookmarks", "no-proxy"};
const std::map<std::string, std::string> short_options{
    {"r", "remote"}, {"u", "username"}, {"a", "auth"}, {"f", "format"}, {"h", "help"},
    // winrm's switch names (-name:value, case-insensitive) where ours are spelled apart
    {"machine", "remote"}, {"returntype", "return-type"}, {"basepropertiesonly", "base-properties-only"},
    {"skipcacheck", "skip-ca-check"}, {"skipcncheck", "skip-cn-check"}, {"usessl", "ssl"}, {"maxelements", "max-elements"},
    {"maxenvelopesize", "max-envelope-size"}, {"operationtimeout", "operation-timeout"}};

struct UsageError {
  std::string message;
};

std::expected<Args, UsageError> parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s.starts_with("@{")) {
      if (!a.input.empty()) return std::unexpected(UsageError{"only one @{...} input"});
      a.input = s;
      continue;
    }
    if (s.size() > 1 && s[0] == '-') {
      std::string name = s.starts_with("--") ? s.substr(2) : s.substr(1);
      std::string value;
      bool has_value = false;
      if (auto eq = name.find_first_of("=:"); eq != std::string::npos && s.starts_with("--") ? name.find('=') != std::string::npos : eq != std::string::npos) {
        auto cut = s.starts_with("--") ? name.find('=') : eq;
        value = name.substr(cut + 1);
        name = name.substr(0, cut);
        has_value = true;
      }
      if (!s.starts_with("--")) {  // winrm's -Name:value switches are case-insensitive
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      }
      if (auto sh = short_options.find(name); sh != short_options.end()) name = sh->second;
      if (name == "password" || name == "p") {
        return std::unexpected(UsageError{"passwords are not taken on the command line: use --password-file, "
                                          "--password-env or the prompt"});
      }
      if (flag_options.contains(name)) {
        if (has_value) return std::unexpected(UsageError{"--" + name + " takes no value"});
        a.flags.insert(name);
      } else if (value_options.contains(name)) {
        if (!has_value) {
          if (i + 1 >= argc) return std::unexpected(UsageError{"--" + name + " needs a value"});
          value = argv[++i];
        }
        if (a.values.contains(name)) return std::unexpected(UsageError{"option given twice: --" + name});
        static const std::set<std::string> keyword_values{"return-type", "format", "auth", "mode", "encoding"};
        if (keyword_values.contains(name)) {  // winrm takes -ReturnType:EPR, -format:XML
          for (auto& ch : value) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        a.values[name] = value;
      } else {
        return std::unexpected(UsageError{"unknown option: " + s});
      }
      continue;
    }
    if (a.verb.empty()) {
      a.verb = s;
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::string lowered(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

int exit_for(const client::Failure& f) {
  using client::Errc;
  if (f.code == Errc::fault) return ec::fault;
  if (f.code == Errc::tls_failed) return ec::tls;
  if (f.code == Errc::auth_failed) return ec::auth;
  if (f.code == Errc::timeout) return ec::timeout;
  if (f.code == Errc::invalid_argument) return ec::usage;
  if (f.code == Errc::bad_response || f.code == Errc::too_large) return ec::bad_answer;
  return ec::connection;
}

std::string endpoint_url(const Args& a) {
  std::string r = a.get("remote", "127.0.0.1");
  if (r.starts_with("http://") || r.starts_with("https://")) {
    auto scheme_end = r.find("://") + 3;
    if (r.find('/', scheme_end) == std::string::npos) r += "/wsman";
    return r;
  }
  const bool ssl = a.has("ssl");
  std::string host = r;
  std::string path = "/wsman";
  if (auto slash = host.find('/'); slash != std::string::npos) {
    path = host.substr(slash);
    host = host.substr(0, slash);
  }
  const bool has_port = host.starts_with("[") ? host.find("]:") != std::string::npos
                                              : host.find(':') != std::string::npos;
  if (!has_port) host += ssl ? ":5986" : ":5985";
  return (ssl ? "https://" : "http://") + host + path;
}

std::expected<std::uint32_t, UsageError> number(const Args& a, const std::string& k, std::uint32_t d) {
  if (!a.values.contains(k)) return d;
  try {
    std::size_t used = 0;
    unsigned long v = std::stoul(a.get(k), &used);
    if (used != a.get(k).size() || v > 0xFFFFFFFFul) throw std::out_of_range(k);
    return static_cast<std::uint32_t>(v);
  } catch (const std::exception&) {
    return std::unexpected(UsageError{"--" + k + " must be a number"});
  }
}

class Printer {
 public:
  explicit Printer(cli::Format f) : format_(f) {}
  void begin_results() {
    if (format_ == cli::Format::xml || format_ == cli::Format::pretty) {
      std::cout << "<wsman:Results xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman/results\">"
                << (format_ == cli::Format::pretty ? "\n" : "");
    }
  }
  void end_results() {
    if (format_ == cli::Format::xml || format_ == cli::Format::pretty) std::cout << "</wsman:Results>\n";
  }
  void item(const client::Item& item) {
    if (format_ == cli::Format::json) {
      std::cout << cli::json_of(item) << "\n";
      return;
    }
    if (format_ == cli::Format::xml || item.element() == nullptr) {
      std::cout << item.xml() << "\n";
      return;
    }
    element(*item.element());
  }
  void element(const client::Element& e) {
    switch (format_) {
      case cli::Format::json: std::cout << cli::json_of(e) << "\n"; break;
      case cli::Format::text: std::cout << cli::text_of(e); break;
      case cli::Format::xml: std::cout << client::to_xml(e) << "\n"; break;
      case cli::Format::pretty: std::cout << client::to_xml(e, true) << "\n"; break;
    }
  }
  int failure(const client::Failure& f) const {
    std::cout.flush();
    std::cerr << (format_ == cli::Format::json ? cli::json_of(f) + "\n" : cli::text_of(f));
    return exit_for(f);
  }

 private:
  cli::Format format_;
};

std::expected<std::string, UsageError> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(UsageError{"cannot read " + path});
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// winrm set: each key names exactly one child of the instance holding only text.
std::expected<std::string, UsageError> edited(const std::string& item_xml, const cli::Pairs& pairs) {
  auto doc = client::parse_xml(item_xml);
  if (!doc) return std::unexpected(UsageError{"the instance read back is not XML"});
  client::Element& instance = (*doc)->root;
  for (const auto& [k, v] : pairs) {
    client::Element* found = nullptr;
    int count = 0;
    for (auto& c : instance.children) {
      if (c.name == k) {
        found = &c;
        ++count;
      }
    }
    if (count != 1 || !found->children.empty()) {
      return std::unexpected(UsageError{"property " + k + (count == 0 ? " not found" : " is not one text value")});
    }
    std::erase_if(found->attributes, [](const client::Attribute& at) { return at.name == "nil"; });
    if (v) {
      found->text = *v;
    } else {
      found->text = {};
      found->attributes.push_back({client::ns::xsi, "nil", "true"});
    }
  }
  return client::to_xml(instance);
}

std::uint32_t seconds_ms(const Args& a, const std::string& k) {
  auto v = number(a, k, 0);
  if (!v) throw v.error();
  if (*v > 0xFFFFFFFFu / 1000) throw UsageError{"--" + k + " is too large"};
  return *v * 1000;
}

client::SubscribeOptions subscribe_options(const Args& a) {
  client::SubscribeOptions o;
  const std::string mode = a.get("mode", "push");
  if (mode == "push") o.mode = client::DeliveryMode::push;
  else if (mode == "pushwithack") o.mode = client::DeliveryMode::push_with_ack;
  else if (mode == "events") o.mode = client::DeliveryMode::events;
  else if (mode == "pull") o.mode = client::DeliveryMode::pull;
  else throw UsageError{"--mode must be push, pushwithack, events or pull"};
  o.notify_to = a.get("notify-to");
  if (o.mode != client::DeliveryMode::pull && o.notify_to.empty()) throw UsageError{"--mode " + mode + " needs --notify-to URL"};
  if (o.mode == client::DeliveryMode::pull && !o.notify_to.empty()) throw UsageError{"--mode pull takes no --notify-to"};
  o.notify_reference_xml = a.get("reference");
  o.end_to = a.get("end-to");
  if (a.has("expires")) o.expires_ms = seconds_ms(a, "expires");
  if (a.has("heartbeat")) o.heartbeats_ms = seconds_ms(a, "heartbeat");
  if (a.has("max-elements")) {
    auto v = number(a, "max-elements", 0);
    if (!v || *v == 0) throw UsageError{"--max-elements must be at least 1"};
    o.max_elements = *v;
  }
  if (a.has("filter")) {
    const std::string dialect = a.get("dialect", "wql");
    if (dialect == "wql" || dialect == client::ns::dialect_wql) {
      o.wql = a.get("filter");
    } else {
      o.dialect = dialect;
      o.filter_text = a.get("filter");
    }
  }
  o.send_bookmarks = a.has("send-bookmarks");
  o.bookmark_xml = a.get("bookmark");
  return o;
}

int manager_verb(const Args& a, const std::string& verb, client::Session& session, const Printer& out,
                 cli::Format format) {
  if (!a.has("identifier")) throw UsageError{verb + " needs --identifier ID (as subscribe printed it)"};
  client::Subscription sub;
  sub.identifier = a.get("identifier");
  if (!a.positional.empty()) {
    auto target = client::resolve_resource(a.positional[0]);
    if (!target) throw UsageError{"not a resource URI: " + a.positional[0]};
    sub.resource_uri = target->resource_uri;
  }
  if (verb == "unsubscribe") {
    auto r = session.unsubscribe(sub);
    if (!r) return out.failure(r.error());
    return ec::ok;
  }
  std::optional<std::uint32_t> expires;
  if (a.has("expires")) {
    if (verb != "renew") throw UsageError{"--expires is for renew"};
    expires = seconds_ms(a, "expires");
  }
  auto r = verb == "renew" ? session.renew(sub, expires) : session.get_status(sub);
  if (!r) return out.failure(r.error());
  std::cout << cli::expiry_output(verb == "renew" ? "RenewResponse" : "GetStatusResponse", sub.identifier, *r, format);
  return ec::ok;
}

int listen_verb(const Args& a, cli::Format format) {
  client::EventSinkOptions o;
  // --listen ADDRESS:PORT or http://ADDRESS:PORT/PATH; events are taken at exactly one path:
  // --path, else the URL's path, else "/" (anything else is answered 404).
  std::string where = a.get("listen", "0.0.0.0:5990");
  std::string path = "/";
  if (where.starts_with("http://")) {
    where = where.substr(7);
    if (const auto slash = where.find('/'); slash != std::string::npos) {
      path = where.substr(slash);
      where = where.substr(0, slash);
    }
  } else if (where.find("://") != std::string::npos) {
    throw UsageError{"--listen takes ADDRESS:PORT or http://ADDRESS:PORT/PATH (the sink speaks HTTP)"};
  }
  if (a.has("path")) path = a.get("path");
  if (!path.starts_with("/") || path.find_first_of("?# ") != std::string::npos) {
    throw UsageError{"--path must start with / and hold no query: " + path};
  }
  o.path = path;
  const auto colon = where.rfind(':');
  if (colon == std::string::npos) throw UsageError{"--listen takes ADDRESS:PORT"};
  std::string host = where.substr(0, colon);
  if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
  o.address = host;
  try {
    std::size_t used = 0;
    const unsigned long port = std::stoul(where.substr(colon + 1), &used);
    if (used != where.size() - colon - 1 || port > 65535) throw std::out_of_range("port");
    o.port = static_cast<std::uint16_t>(port);
  } catch (const std::exception&) {
    throw UsageError{"--listen: not a port: " + where.substr(colon + 1)};
  }
  if (a.has("sink-user")) {
    o.user = a.get("sink-user");
    const char* pw = std::getenv("WSMAN_SINK_PASS");
    if (pw == nullptr) throw UsageError{"--sink-user needs the password in WSMAN_SINK_PASS"};
    o.password = pw;
  }
  auto num = [&](const std::string& k, std::uint32_t d) {
    auto v = number(a, k, d);
    if (!v) throw v.error();
    return *v;
  };
  o.limits.max_body = num("max-body", static_cast<std::uint32_t>(o.limits.max_body));
  o.request_timeout_ms = num("request-timeout", o.request_timeout_ms);
  return cli::listen(o, format, num("count", 0));
}

int run(const Args& a) {
  cli::Format format = cli::Format::text;
  std::string f = a.has("json") ? "json" : a.get("format", "text");
  if (f == "text") format = cli::Format::text;
  else if (f == "xml") format = cli::Format::xml;
  else if (f == "pretty") format = cli::Format::pretty;
  else if (f == "json") format = cli::Format::json;
  else throw UsageError{"--format must be text, xml, pretty or json"};
  Printer out(format);

  static const std::map<std::string, std::string> verbs{
      {"identify", "identify"}, {"id", "identify"}, {"get", "get"}, {"g", "get"}, {"set", "set"},
      {"s", "set"}, {"put", "set"}, {"p", "set"}, {"create", "create"}, {"c", "create"}, {"delete", "delete"},
      {"d", "delete"}, {"invoke", "invoke"}, {"i", "invoke"}, {"enumerate", "enumerate"}, {"e", "enumerate"},
      {"enum", "enumerate"}, {"subscribe", "subscribe"}, {"sub", "subscribe"}, {"renew", "renew"},
      {"status", "status"}, {"unsubscribe", "unsubscribe"}, {"unsub", "unsubscribe"}, {"listen", "listen"},
      {"pull", "pull"}};
  auto vit = verbs.find(a.verb);
  if (vit == verbs.end()) throw UsageError{a.verb.empty() ? "no verb given" : "unknown verb: " + a.verb};
  const std::string verb = vit->second;
  const bool optional_uri = verb == "renew" || verb == "status" || verb == "unsubscribe";
  const std::size_t want = verb == "identify" || verb == "listen" ? 0 : verb == "invoke" ? 2 : 1;
  if (a.positional.size() != want && !(optional_uri && a.positional.empty())) {
    throw UsageError{verb + " takes " + std::to_string(want) + " argument" + (want == 1 ? "" : "s")};
  }
  if ((!a.input.empty() || a.has("file")) && verb != "set" && verb != "create" && verb != "invoke") {
    throw UsageError{"input was supplied to an operation that does not accept input"};
  }
  if (!a.input.empty() && a.has("file")) throw UsageError{"give either @{...} or --file, not both"};

  if (verb == "listen") return listen_verb(a, format);

  client::SessionOptions so;
  auto& t = so.transport;
  t.url = endpoint_url(a);
  const std::string auth = a.get("auth", a.has("username") ? "basic" : "none");
  if (auth == "basic") t.auth = client::Auth::basic;
  else if (auth == "digest") t.auth = client::Auth::digest;
  else if (auth == "auto") t.auth = client::Auth::negotiate_basic_digest;
  else if (auth == "none") t.auth = client::Auth::none;
  else throw UsageError{"-a must be basic, digest, auto or none"};
  if (t.auth != client::Auth::none) {
    if (!a.has("username")) throw UsageError{"-a " + auth + " needs -u USER"};
    t.user = a.get("username");
    auto pw = cli::read_password(a.get("password-file"), a.get("password-env", "WSMAN_PASS"), t.user);
    if (!pw) throw UsageError{pw.error()};
    t.password = *pw;
  }
  t.client_cert = a.get("cert");
  t.client_key = a.get("key");
  t.ca_file = a.get("cacert");
  t.ca_dir = a.get("capath");
  t.verify_peer = !a.has("skip-ca-check");
  t.verify_host = !a.has("skip-cn-check");
  t.keep_alive = !a.has("no-keep-alive");
  t.proxy = a.get("proxy");
  t.no_proxy = a.has("no-proxy");
  if (t.no_proxy && !t.proxy.empty()) throw UsageError{"give --proxy or --no-proxy, not both"};
  so.fragment = a.get("fragment");
  if (!so.fragment.empty() && verb != "get" && verb != "set") throw UsageError{"--fragment is for get and set"};
  if (a.has("options")) {  // winrm's -options:{K="V";K=$null}
    auto p = cli::parse_hash(a.get("options"), false);
    if (!p) throw UsageError{"--options: " + p.error()};
    for (const auto& [k, v] : *p) so.option_set.emplace_back(k, v.value_or(""));
  }
  auto num = [&](const std::string& k, std::uint32_t d) {
    auto v = number(a, k, d);
    if (!v) throw v.error();
    return *v;
  };
  t.timeout_ms = num("timeout", 60000);
  so.operation_timeout_ms = num("operation-timeout", std::min<std::uint32_t>(60000, t.timeout_ms));
  so.max_envelope_size = num("max-envelope-size", 512000);
  so.locale = a.get("locale", "en-US");
  const std::string enc = a.get("encoding", "utf-8");
  if (enc != "utf-8" && enc != "utf-16") throw UsageError{"--encoding must be utf-8 or utf-16"};
  t.utf16 = enc == "utf-16";
  client::Session session(so);

  if (verb == "identify") {
    auto r = session.identify(a.has("unauthenticated") || t.auth == client::Auth::none);
    if (!r) return out.failure(r.error());
    out.element(*r->body);
    return ec::ok;
  }
  if (verb == "renew" || verb == "status" || verb == "unsubscribe") return manager_verb(a, verb, session, out, format);
  const std::string& uri_text = verb == "invoke" ? a.positional[1] : a.positional[0];
  auto target = client::resolve_resource(uri_text);
  if (!target) throw UsageError{"not a resource URI: " + uri_text};

  std::string body;
  cli::Pairs pairs;
  if (a.has("file")) {
    auto b = read_file(a.get("file"));
    if (!b) throw b.error();
    body = *b;
  } else if (!a.input.empty()) {
    auto p = cli::parse_hash(a.input);
    if (!p) throw UsageError{"input: " + p.error()};
    pairs = *p;
  }

  if (verb == "get") {
    auto r = session.get(target->resource_uri, target->selectors);
    if (!r) return out.failure(r.error());
    out.item(*r);
    return ec::ok;
  }
  if (verb == "set") {
    if (body.empty()) {
      if (a.input.empty()) throw UsageError{"set needs @{...} or --file"};
      auto current = session.get(target->resource_uri, target->selectors);
      if (!current) return out.failure(current.error());
      auto e = edited(current->xml(), pairs);
      if (!e) throw e.error();
      body = *e;
    }
    auto r = session.put(target->resource_uri, target->selectors, body);
    if (!r) return out.failure(r.error());
    out.item(*r);
    return ec::ok;
  }
  if (verb == "create") {
    if (body.empty()) {
      if (a.input.empty()) throw UsageError{"create needs @{...} or --file"};
      body = cli::build_body(client::class_of(target->resource_uri), target->resource_uri, pairs);
    }
    auto r = session.create(target->resource_uri, body);
    if (!r) return out.failure(r.error());
    client::Item item(*r);
    if (format == cli::Format::json) {
      out.item(item);
    } else {
      std::cout << "ResourceCreated\n    ResourceURI = " << r->resource_uri << "\n";
      for (const auto& [k, v] : r->selectors) std::cout << "    Selector: " << k << " = " << v << "\n";
    }
    return ec::ok;
  }
  if (verb == "subscribe") {
    auto o = subscribe_options(a);
    auto r = session.subscribe(target->resource_uri, o);
    if (!r) return out.failure(r.error());
    std::cout << cli::subscription_output(*r, format);
    return ec::ok;
  }
  if (verb == "pull") {  // a Pull-mode subscription's events (DSP0226 10.2.9.6)
    if (!a.has("context")) throw UsageError{"pull needs --context (the subscription's EnumerationContext)"};
    client::Subscription sub;
    sub.resource_uri = target->resource_uri;
    sub.enumeration_context = a.get("context");
    const std::uint32_t count = num("count", 0);
    std::optional<std::chrono::steady_clock::time_point> until;
    if (a.has("duration")) until = std::chrono::steady_clock::now() + std::chrono::milliseconds(seconds_ms(a, "duration"));
    auto events = session.pull_events(sub, num("max-elements", 100), until);
    for (std::uint32_t n = 0; count == 0 || n < count; ++n) {
      auto item = events.next();
      if (!item) return out.failure(item.error());
      if (!*item) break;
      out.item(**item);
    }
    return ec::ok;
  }
  if (verb == "delete") {
    auto r = session.remove(target->resource_uri, target->selectors);
    if (!r) return out.failure(r.error());
    return ec::ok;
  }
  if (verb == "invoke") {
    const std::string& method = a.positional[0];
    if (body.empty() && !pairs.empty()) body = cli::build_body(method + "_INPUT", target->resource_uri, pairs);
    auto r = session.invoke(target->resource_uri, method, target->selectors, body);
    if (!r) return out.failure(r.error());
    out.item(*r);
    return ec::ok;
  }
  // enumerate
  client::EnumerateOptions eo;
  eo.optimize = !a.has("no-optimize");
  eo.max_elements = num("max-elements", 100);
  if (eo.max_elements == 0) throw UsageError{"--max-elements must be at least 1"};
  const std::string rt = a.get("return-type", "object");
  if (rt == "object") eo.mode = client::EnumerationMode::object;
  else if (rt == "epr") eo.mode = client::EnumerationMode::epr;
  else if (rt == "objectandepr") eo.mode = client::EnumerationMode::object_and_epr;
  else throw UsageError{"--return-type must be object, epr or objectandepr"};
  eo.shallow = a.has("shallow");
  eo.base_properties_only = a.has("base-properties-only");
  if (a.has("filter")) {
    std::string dialect = a.get("dialect", "wql");
    if (std::string low = lowered(dialect); low == "wql" || low == "selector" || low == "association") dialect = low;
    std::string filter = a.get("filter");
    if (dialect == "wql" || dialect == client::ns::dialect_wql) {
      eo.wql = filter;
    } else if (dialect == "selector" || dialect == client::ns::dialect_selector) {
      auto p = cli::parse_hash(filter, false);
      if (!p) throw UsageError{"selector filter: " + p.error()};
      client::Selectors s;
      for (const auto& [k, v] : *p) s.emplace_back(k, v.value_or(""));
      eo.selector_filter = s;
    } else if (dialect == "association" || dialect == client::ns::dialect_association) {
      auto p = cli::parse_hash(filter, false, true);
      if (!p) throw UsageError{"association filter: " + p.error()};
      client::AssociationFilter af;
      af.association_instances = a.has("associations");
      for (const auto& [k, v] : *p) {
        const std::string val = v.value_or("");
        if (k == "Object") {
          auto o = client::resolve_resource(val);
          if (!o) throw UsageError{"association filter: Object is not a resource URI"};
          af.object.resource_uri = o->resource_uri;
          af.object.selectors = o->selectors;
        } else if (k == "AssociationClassName") af.association_class = val;
        else if (k == "ResultClassName") af.result_class = val;
        else if (k == "Role") af.role = val;
        else if (k == "ResultRole") af.result_role = val;
        else throw UsageError{"association filter: unknown key " + k};
      }
      if (af.object.resource_uri.empty()) throw UsageError{"association filter: Object=CLASS?KEY=VALUE is required"};
      eo.association_filter = af;
    } else {
      eo.dialect = dialect;
      eo.filter_text = filter;
    }
  } else if (a.has("dialect")) {
    throw UsageError{"--dialect needs --filter"};
  }
  auto en = session.enumerate(target->resource_uri, eo);
  if (!en) return out.failure(en.error());
  out.begin_results();
  while (true) {
    auto item = en->next();
    if (!item) {
      out.end_results();
      return out.failure(item.error());
    }
    if (!*item) break;
    out.item(**item);
  }
  out.end_results();
  return ec::ok;
}

}  // namespace

int main(int argc, char** argv) {
  auto args = parse_args(argc, argv);
  if (!args) {
    std::cerr << "Error: " << args.error().message << "\n" << usage_text;
    return ec::usage;
  }
  if (args->has("help")) {
    std::cout << usage_text;
    return ec::ok;
  }
  try {
    return run(*args);
  } catch (const UsageError& e) {  // start-up: the command line, before any request
    std::cerr << "Error: " << e.message << "\n";
    return ec::usage;
  }
}
