// Archived SEL records as event bodies: the CIM instance (CIM_AlertIndication or
// CIM_LogRecord, cim_mapping/alert_indication) and its XML, made once per record and kind
// and shared by every subscription that delivers it (a bounded cache).
#pragma once

#include "cim_mapping/instance.hpp"
#include "cim_mapping/snapshot.hpp"
#include "eventing/subscription.hpp"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace eventing {

struct EventBody {
    sel_archive::Sequence sequence = 0;
    std::string identity; // "<archive id>:<sequence>": IndicationIdentifier and bookmark
    cim::Instance instance;
    std::string xml; // the body element
};

class EventBodies {
public:
    using SnapshotSource = std::function<std::shared_ptr<const cim::Snapshot>()>;
    explicit EventBodies(SnapshotSource snapshot, std::size_t capacity = 1024)
        : snapshot_(std::move(snapshot)), capacity_(capacity) {}

    [[nodiscard]] std::shared_ptr<const EventBody> of(const sel_archive::Record& record, const std::string& archive_id,
                                                      Content content);

private:
    SnapshotSource snapshot_;
    std::size_t capacity_;
    std::mutex mutex_;
    std::map<std::pair<sel_archive::Sequence, Content>, std::shared_ptr<const EventBody>> cache_;
    std::deque<std::pair<sel_archive::Sequence, Content>> order_; // oldest first
};

} // namespace eventing
