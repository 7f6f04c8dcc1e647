/* wsman_client.h: the C API of bmcwsman's WS-Management client (issue 15). Opaque handles,
 * no C++ types, status codes with messages, a callback per enumerated item. One session may
 * be used from several threads; the last error is kept per thread (like errno).
 * Link with pkg-config --libs wsman_client. */
#ifndef WSMAN_CLIENT_H
#define WSMAN_CLIENT_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wsmc_session wsmc_session;
typedef struct wsmc_item wsmc_item;

/* Status codes: 0 is success; the others match the library's error category. */
typedef enum {
  WSMC_OK = 0,
  WSMC_INVALID_ARGUMENT = 1,
  WSMC_CONNECT_FAILED = 2,
  WSMC_TLS_FAILED = 3,
  WSMC_AUTH_FAILED = 4,
  WSMC_TIMEOUT = 5,
  WSMC_HTTP_STATUS = 6,
  WSMC_REDIRECT = 7,
  WSMC_TOO_LARGE = 8,
  WSMC_CLOSED = 9,
  WSMC_BAD_RESPONSE = 10,
  WSMC_FAULT = 11,
  WSMC_ENUMERATION_ENDED = 12
} wsmc_status;

typedef enum {
  WSMC_OPT_USER,             /* user name */
  WSMC_OPT_PASSWORD,
  WSMC_OPT_AUTH,             /* "basic" (default with a user), "digest", "auto", "none" */
  WSMC_OPT_CLIENT_CERT,      /* PEM file */
  WSMC_OPT_CLIENT_KEY,       /* PEM file */
  WSMC_OPT_CA_FILE,
  WSMC_OPT_CA_DIR,
  WSMC_OPT_SKIP_CA_CHECK,    /* "1" to skip (explicit opt-out) */
  WSMC_OPT_SKIP_CN_CHECK,    /* "1" to skip (explicit opt-out) */
  WSMC_OPT_TIMEOUT_MS,       /* the whole exchange, default 60000 */
  WSMC_OPT_OPERATION_TIMEOUT_MS,
  WSMC_OPT_MAX_ENVELOPE_SIZE,
  WSMC_OPT_LOCALE,
  WSMC_OPT_UTF16             /* "1": requests in UTF-16 */
} wsmc_option;

typedef enum { WSMC_MODE_OBJECT = 0, WSMC_MODE_EPR = 1, WSMC_MODE_OBJECT_AND_EPR = 2 } wsmc_mode;

typedef struct {
  unsigned max_elements;       /* per batch, default 100 */
  int optimize;                /* default 1 */
  wsmc_mode mode;
  const char* wql;             /* WQL filter or NULL */
  const char* selector_filter; /* "Name=Value+Name=Value" or NULL */
  int shallow;
  int base_properties_only;
} wsmc_enum_options;

/* Returns 0 to go on, non-zero to stop (the enumeration is then released). */
typedef int (*wsmc_item_callback)(void* user_data, const wsmc_item* item);

wsmc_session* wsmc_session_new(const char* url);
void wsmc_session_free(wsmc_session* session);
wsmc_status wsmc_session_set(wsmc_session* session, wsmc_option option, const char* value);

/* Each *xml_out is the answer's payload element as XML, to be freed with wsmc_free.
 * resource: a resource URI, cimv2/CLASS, wmi/..., or CIM_Class, with ?Name=Value selectors. */
wsmc_status wsmc_identify(wsmc_session* session, int unauthenticated, char** xml_out);
wsmc_status wsmc_get(wsmc_session* session, const char* resource, char** xml_out);
wsmc_status wsmc_put(wsmc_session* session, const char* resource, const char* body_xml, char** xml_out);
wsmc_status wsmc_create(wsmc_session* session, const char* resource, const char* body_xml, char** epr_xml_out);
wsmc_status wsmc_delete(wsmc_session* session, const char* resource);
wsmc_status wsmc_invoke(wsmc_session* session, const char* method, const char* resource, const char* input_xml,
                        char** xml_out);
void wsmc_enum_options_init(wsmc_enum_options* options);
wsmc_status wsmc_enumerate(wsmc_session* session, const char* resource, const wsmc_enum_options* options,
                           wsmc_item_callback callback, void* user_data);

/* An item inside the callback (valid until it returns). */
const char* wsmc_item_xml(const wsmc_item* item);
const char* wsmc_item_class(const wsmc_item* item);                 /* NULL for EPR-only items */
unsigned wsmc_item_property_count(const wsmc_item* item);
const char* wsmc_item_property_name(const wsmc_item* item, unsigned index);
/* The first value; NULL when nil. Arrays: wsmc_item_property_value_at. */
const char* wsmc_item_property_value(const wsmc_item* item, const char* name);
unsigned wsmc_item_property_size(const wsmc_item* item, const char* name);
const char* wsmc_item_property_value_at(const wsmc_item* item, const char* name, unsigned index);
const char* wsmc_item_selector(const wsmc_item* item, const char* name); /* from the EPR, or NULL */

/* The calling thread's last failure. */
const char* wsmc_last_error(void);
const char* wsmc_last_fault_code(void);     /* "" unless WSMC_FAULT */
const char* wsmc_last_fault_subcode(void);
const char* wsmc_last_fault_reason(void);
const char* wsmc_last_fault_detail(void);   /* the s:Detail XML, "" when absent */
unsigned long wsmc_last_fault_error_code(void); /* WMI/WinRM code, 0 when absent */
int wsmc_last_http_status(void);

void wsmc_free(void* p);

/* Eventing (WS-Eventing as DSP0226 10 profiles it). A subscription is what the source granted;
 * wsmc_subscription_new rebuilds one from a saved identifier (resource may be NULL). */
typedef struct wsmc_subscription wsmc_subscription;
typedef enum {
  WSMC_DELIVERY_PUSH = 0,
  WSMC_DELIVERY_PUSH_WITH_ACK = 1,
  WSMC_DELIVERY_EVENTS = 2,
  WSMC_DELIVERY_PULL = 3
} wsmc_delivery_mode;

typedef struct {
  wsmc_delivery_mode mode;
  const char* notify_to;            /* the sink's URL (all modes but pull) */
  const char* notify_reference_xml; /* NotifyTo reference parameters: self-contained XML, or NULL */
  const char* end_to;               /* or NULL */
  unsigned expires_ms;              /* 0: none asked */
  unsigned heartbeats_ms;           /* 0: none */
  unsigned max_elements;            /* events per batch (events mode), 0: none */
  const char* wql;                  /* or NULL */
  const char* dialect;              /* another filter dialect, or NULL */
  const char* filter_text;
  int send_bookmarks;
  const char* bookmark_xml;         /* XML, "earliest", or NULL */
} wsmc_subscribe_options;

void wsmc_subscribe_options_init(wsmc_subscribe_options* options);
wsmc_status wsmc_subscribe(wsmc_session* session, const char* resource, const wsmc_subscribe_options* options,
                           wsmc_subscription** out);
wsmc_subscription* wsmc_subscription_new(const char* resource, const char* identifier);
const char* wsmc_subscription_identifier(const wsmc_subscription* s);
const char* wsmc_subscription_manager(const wsmc_subscription* s);
const char* wsmc_subscription_expires(const wsmc_subscription* s);  /* as last granted, "" if none */
const char* wsmc_subscription_context(const wsmc_subscription* s);  /* pull mode's context */
wsmc_status wsmc_renew(wsmc_session* session, wsmc_subscription* s, unsigned expires_ms); /* 0: no Expires */
wsmc_status wsmc_get_status(wsmc_session* session, wsmc_subscription* s);
wsmc_status wsmc_unsubscribe(wsmc_session* session, const wsmc_subscription* s);
void wsmc_subscription_free(wsmc_subscription* s);

/* The event sink: listens for pushed notifications, Acks them when asked (matched by RelatesTo),
 * answers wsman:DeliveryRefused when the callback returns non-zero. */
typedef struct wsmc_sink wsmc_sink;
typedef struct wsmc_notification wsmc_notification;
typedef int (*wsmc_notification_callback)(void* user_data, const wsmc_notification* notification);

wsmc_status wsmc_sink_open(const char* address, unsigned port, wsmc_sink** out); /* port 0: any */
unsigned wsmc_sink_port(const wsmc_sink* sink);
/* Serves until wsmc_sink_stop (from the callback or another thread). */
wsmc_status wsmc_sink_run(wsmc_sink* sink, wsmc_notification_callback callback, void* user_data);
void wsmc_sink_stop(wsmc_sink* sink);
void wsmc_sink_free(wsmc_sink* sink);

/* A notification inside the callback (valid until it returns). */
const char* wsmc_notification_kind(const wsmc_notification* n); /* Event, Events, Heartbeat, DroppedEvents, SubscriptionEnd */
const char* wsmc_notification_action(const wsmc_notification* n);
const char* wsmc_notification_message_id(const wsmc_notification* n);
const char* wsmc_notification_bookmark(const wsmc_notification* n); /* "" if none */
int wsmc_notification_ack_requested(const wsmc_notification* n);
unsigned wsmc_notification_event_count(const wsmc_notification* n);
const wsmc_item* wsmc_notification_event(const wsmc_notification* n, unsigned index);

#ifdef __cplusplus
}
#endif
#endif
