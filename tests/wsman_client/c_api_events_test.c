/* The eventing C API from a C program: a sink on a free loopback port run in a thread, a
 * PushWithAck subscription whose NotifyTo is that sink, one notification taken (printed: kind,
 * MessageID, each event's class and Message), then Renew, GetStatus and Unsubscribe.
 * Usage: c_api_events_test SOURCE_URL RESOURCE. eventing_test.py is the source: it reads the
 * "subscribed" line, pushes an event and checks the rest against what it sent. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "wsman_client/wsman_client.h"

static int on_notification(void* user, const wsmc_notification* n) {
  wsmc_sink* sink = (wsmc_sink*)user;
  printf("notification %s %s ack=%d events=%u\n", wsmc_notification_kind(n), wsmc_notification_message_id(n),
         wsmc_notification_ack_requested(n), wsmc_notification_event_count(n));
  for (unsigned i = 0; i < wsmc_notification_event_count(n); ++i) {
    const wsmc_item* e = wsmc_notification_event(n, i);
    printf("event %s|%s\n", wsmc_item_class(e), wsmc_item_property_value(e, "Message"));
  }
  fflush(stdout);
  wsmc_sink_stop(sink);
  return 0;
}

static void* serve(void* arg) {
  wsmc_sink* sink = (wsmc_sink*)arg;
  if (wsmc_sink_run(sink, on_notification, sink) != WSMC_OK) printf("sink failed: %s\n", wsmc_last_error());
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  wsmc_sink* sink = NULL;
  if (wsmc_sink_open("127.0.0.1", 0, &sink) != WSMC_OK) {
    printf("sink_open failed: %s\n", wsmc_last_error());
    return 1;
  }
  char notify[64];
  snprintf(notify, sizeof notify, "http://127.0.0.1:%u/sink", wsmc_sink_port(sink));
  pthread_t thread;
  pthread_create(&thread, NULL, serve, sink);

  wsmc_session* s = wsmc_session_new(argv[1]);
  wsmc_session_set(s, WSMC_OPT_AUTH, "none");
  wsmc_subscribe_options o;
  wsmc_subscribe_options_init(&o);
  o.mode = WSMC_DELIVERY_PUSH_WITH_ACK;
  o.notify_to = notify;
  o.expires_ms = 60000;
  o.heartbeats_ms = 5000;
  wsmc_subscription* sub = NULL;
  if (wsmc_subscribe(s, argv[2], &o, &sub) != WSMC_OK) {
    printf("subscribe failed: %s\n", wsmc_last_error());
    return 1;
  }
  printf("subscribed %s %s %s\n", wsmc_subscription_identifier(sub), notify, wsmc_subscription_expires(sub));
  fflush(stdout);
  pthread_join(thread, NULL);
  wsmc_sink_free(sink);

  int rc = 0;
  if (wsmc_renew(s, sub, 120000) == WSMC_OK) printf("renewed %s\n", wsmc_subscription_expires(sub));
  else rc = 1;
  if (wsmc_get_status(s, sub) == WSMC_OK) printf("status %s\n", wsmc_subscription_expires(sub));
  else rc = 1;
  if (wsmc_unsubscribe(s, sub) == WSMC_OK) printf("unsubscribed\n");
  else rc = 1;
  wsmc_status again = wsmc_renew(s, sub, 0);
  printf("renew after unsubscribe: %d %s\n", (int)again, wsmc_last_fault_subcode());
  wsmc_subscription_free(sub);
  wsmc_session_free(s);
  return rc;
}
