#include "eventing/event_bodies.hpp"

#include "cim_mapping/alert_indication.hpp"
#include "wsman_front/xml_writer.hpp"

namespace eventing {

std::shared_ptr<const EventBody> EventBodies::of(const sel_archive::Record& record, const std::string& archive_id,
                                                 Content content) {
    const auto key = std::pair{record.sequence, content};
    {
        const std::lock_guard lock(mutex_);
        if (auto it = cache_.find(key); it != cache_.end()) {
            return it->second;
        }
    }
    auto snapshot = snapshot_ ? snapshot_() : nullptr;
    const cim::Snapshot empty;
    const cim::Snapshot& s = snapshot ? *snapshot : empty;
    auto body = std::make_shared<EventBody>();
    body->sequence = record.sequence;
    body->identity = sel_archive::to_text({archive_id, record.sequence});
    body->instance = content == Content::alert_indication
                         ? cim::alert_indication(s, {body->identity, record.bytes, record.archived_at})
                         : cim::log_record(s, record.bytes, body->identity);
    body->xml = wsman::instance_xml(body->instance);
    const std::lock_guard lock(mutex_);
    auto [it, added] = cache_.emplace(key, std::move(body));
    if (added) {
        order_.push_back(key);
        while (order_.size() > capacity_) {
            cache_.erase(order_.front());
            order_.pop_front();
        }
    }
    return it->second;
}

} // namespace eventing
