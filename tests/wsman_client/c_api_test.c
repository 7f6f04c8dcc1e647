/* The C API from a C program: identify, enumerate every CIM_NumericSensor through the item
 * callback (printing DeviceID and nil-aware ElementName), stop an enumeration early, and read a
 * fault's fields. Usage: c_api_test URL USER (password in WSMAN_PASS). client_test.py checks
 * the printed lines against the agent's own view. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wsman_client/wsman_client.h"

static int print_sensor(void* user, const wsmc_item* item) {
  int* count = (int*)user;
  const char* name = wsmc_item_property_value(item, "ElementName");
  printf("sensor %s|%s|%s\n", wsmc_item_property_value(item, "DeviceID"), name ? name : "(nil)",
         wsmc_item_class(item));
  ++*count;
  return 0;
}

static int stop_after_two(void* user, const wsmc_item* item) {
  int* count = (int*)user;
  (void)item;
  return ++*count >= 2;
}

struct shared_run {
  wsmc_session* session;
  int items;
  wsmc_status status;
};

static int count_item(void* user, const wsmc_item* item) {
  (void)item;
  ++*(int*)user;
  return 0;
}

/* Several threads enumerating through one session at once. */
static void* enumerate_shared(void* arg) {
  struct shared_run* r = (struct shared_run*)arg;
  wsmc_enum_options o;
  wsmc_enum_options_init(&o);
  o.max_elements = 5;
  for (int i = 0; i < 5 && r->status == WSMC_OK; ++i) {
    int n = 0;
    r->status = wsmc_enumerate(r->session, "CIM_NumericSensor", &o, count_item, &n);
    r->items += n;
  }
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: c_api_test URL USER\n");
    return 2;
  }
  wsmc_session* s = wsmc_session_new(argv[1]);
  const char* pw = getenv("WSMAN_PASS");
  if (s == NULL || wsmc_session_set(s, WSMC_OPT_USER, argv[2]) != WSMC_OK ||
      wsmc_session_set(s, WSMC_OPT_PASSWORD, pw ? pw : "") != WSMC_OK ||
      wsmc_session_set(s, WSMC_OPT_TIMEOUT_MS, "20000") != WSMC_OK) {
    fprintf(stderr, "setup failed: %s\n", wsmc_last_error());
    return 1;
  }
  if (wsmc_session_set(s, WSMC_OPT_TIMEOUT_MS, "soon") != WSMC_INVALID_ARGUMENT) return 1;
  char* xml = NULL;
  wsmc_status st = wsmc_identify(s, 0, &xml);
  printf("identify %d %s\n", (int)st, st == WSMC_OK && strstr(xml, "ProtocolVersion") ? "has-version" : wsmc_last_error());
  wsmc_free(xml);

  wsmc_enum_options o;
  wsmc_enum_options_init(&o);
  o.max_elements = 7;
  int count = 0;
  st = wsmc_enumerate(s, "CIM_NumericSensor", &o, print_sensor, &count);
  printf("enumerate %d %d\n", (int)st, count);

  count = 0;
  st = wsmc_enumerate(s, "cimv2/CIM_NumericSensor", &o, stop_after_two, &count);
  printf("stopped %d %d\n", (int)st, count);

  st = wsmc_get(s, "CIM_NumericSensor?DeviceID=no-such", &xml);
  printf("fault %d %s %d\n", (int)st, wsmc_last_fault_subcode(), wsmc_last_http_status());

  struct shared_run runs[4];
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i) {
    runs[i].session = s;
    runs[i].items = 0;
    runs[i].status = WSMC_OK;
    pthread_create(&threads[i], NULL, enumerate_shared, &runs[i]);
  }
  for (int i = 0; i < 4; ++i) {
    pthread_join(threads[i], NULL);
    printf("thread %d %d\n", (int)runs[i].status, runs[i].items);
  }

  wsmc_session_set(s, WSMC_OPT_PASSWORD, "wrong");
  st = wsmc_identify(s, 0, &xml);
  printf("wrong-password %d\n", (int)st);
  wsmc_session_free(s);
  return 0;
}
