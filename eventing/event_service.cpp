// The event source's life: start, stop, the archive's wake-ups, the janitor, dispatch by
// action.
#include "eventing/event_service.hpp"

#include "eventing/names.hpp"
#include "wsman_front/dispatcher.hpp"
#include "wsman_front/namespaces.hpp"

#include <fmt/format.h>

namespace eventing {

std::string identifier_of(const wsman::XmlNode& envelope) {
    const wsman::XmlNode* header = envelope.child(wsman::ns::soap12, "Header");
    const wsman::XmlNode* id = header != nullptr ? header->child(uri::wse, "Identifier") : nullptr;
    return id == nullptr ? std::string() : wsman::trim_text(id->text);
}

std::string duration_text(std::chrono::milliseconds span) {
    const auto ms = std::max<std::int64_t>(span.count(), 0);
    return fmt::format("PT{}.{:03}S", ms / 1000, ms % 1000);
}

std::string datetime_text(std::chrono::system_clock::time_point when) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

EventService::EventService(sel_archive::Archive& archive, EventBodies::SnapshotSource snapshot,
                           std::filesystem::path directory, ServiceOptions options)
    : archive_(archive), store_(std::move(directory), options.limits), bodies_(std::move(snapshot)),
      options_(std::move(options)), context_{archive_, store_, bodies_, options_.delivery, options_.log},
      engine_(context_), hook_(std::make_shared<Hook>()) {}

EventService::~EventService() {
    stop();
}

std::vector<std::string> EventService::start() {
    auto warnings = store_.load();
    engine_.start();
    for (const auto& s : store_.all()) {
        if (s.archive_id != archive_.id()) {
            // Another archive (its directory was replaced): its bookmarks mean nothing here.
            warnings.push_back(fmt::format("subscription {} names another SEL archive; ended", s.id));
            store_.remove(s.id);
            continue;
        }
        if (s.mode != Mode::pull) {
            start_delivery(s);
        }
    }
    pin_archive();
    {
        const std::lock_guard lock(hook_->mutex);
        hook_->service = this;
    }
    archive_.on_append([hook = hook_](sel_archive::Sequence last) {
        const std::lock_guard lock(hook->mutex);
        if (hook->service != nullptr) {
            hook->service->archived(last);
        }
    });
    janitor_ = std::thread([this] { janitor(); });
    return warnings;
}

void EventService::stop() {
    {
        const std::lock_guard lock(hook_->mutex);
        hook_->service = nullptr;
    }
    {
        const std::lock_guard lock(janitor_mutex_);
        stopping_ = true;
    }
    janitor_wake_.notify_all();
    if (janitor_.joinable()) {
        janitor_.join();
    }
    engine_.stop(); // the steps under way end (one sink's deadline at most, not their sum)
    store_.close(); // every delivered position durable: a restart resumes right after it
}

void EventService::archived(sel_archive::Sequence) {
    engine_.records_added();
    serve_waiters(false); // held Pulls (pull_handler.cpp)
}

void EventService::start_delivery(const Subscription& s) {
    engine_.add(s);
}

void EventService::end_delivery(const std::string& id) {
    engine_.remove(id);
}

void EventService::pin_archive() {
    const auto low = store_.lowest_position(archive_.id());
    archive_.retain_after(low ? *low : archive_.last());
}

void EventService::janitor() {
    std::unique_lock lock(janitor_mutex_);
    while (!stopping_) {
        janitor_wake_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
        if (stopping_) {
            break;
        }
        lock.unlock();
        const auto now = std::chrono::system_clock::now();
        for (const auto& s : store_.all()) {
            if (s.mode == Mode::pull && s.expires && now >= *s.expires) {
                store_.remove(s.id);
                if (options_.log) {
                    options_.log(http::LogLevel::notice, fmt::format("subscription {} (pull) expired", s.id));
                }
            }
        }
        serve_waiters(true);
        pin_archive();
        lock.lock();
    }
}

std::optional<Subscription> EventService::owned(const std::string& id, const cim::Caller& caller) const {
    auto s = store_.find(id);
    if (!s || s->owner != caller.user) {
        return std::nullopt;
    }
    return s;
}

bool EventService::allowed_address(std::string_view url) const {
    std::string_view rest;
    if (url.starts_with("http://")) {
        rest = url.substr(7);
    } else if (url.starts_with("https://")) {
        rest = url.substr(8);
    } else {
        return false; // only HTTP(S) sinks
    }
    const auto authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.empty() || authority.find('@') != std::string_view::npos) {
        return false; // no user info in the address: credentials come from IssuedTokens
    }
    if (options_.notify_allow.empty()) {
        return true;
    }
    // host[:port], or [v6][:port]
    std::string_view host = authority;
    if (host.starts_with('[')) {
        host = host.substr(0, host.find(']') + 1);
    } else {
        host = host.substr(0, host.find(':'));
    }
    for (const auto& allowed : options_.notify_allow) {
        if (cim::iequals(allowed, authority) || cim::iequals(allowed, host)) {
            return true;
        }
    }
    return false;
}

std::optional<wsman::Reply> EventService::handle(const wsman::Request& r, const wsman::XmlNode& envelope,
                                                 const cim::Caller& caller) {
    namespace action = wsman::ns::action;
    if (r.action == action::subscribe) {
        return subscribe(r, envelope, caller);
    }
    if (r.action == action::renew) {
        return renew(r, identifier_of(envelope), caller);
    }
    if (r.action == action::get_status) {
        return get_status(r, identifier_of(envelope), caller);
    }
    if (r.action == action::unsubscribe) {
        return unsubscribe(r, identifier_of(envelope), caller);
    }
    if (r.action == action::pull) {
        return pull(r, caller);
    }
    return std::nullopt;
}

} // namespace eventing
