/*
 * busy_plugin.c: an OpenIPMI ipmi_sim plug-in that makes the simulated BMC
 * answer "node busy" on demand, so a test can show the agent surviving a
 * busy BMC over LAN.
 *
 * Completion code 0xC0 is "Node Busy. Command could not be processed because
 * command processing resources are temporarily unavailable" (IPMI v2.0,
 * table 5-2, Generic Completion Codes).
 *
 * Load it from ipmi_sim's lan.conf (ipmi_lan(5)):
 *
 *     loadlib "/abs/path/busy_plugin.so" ""
 *
 * Both strings must be quoted, and ipmi_sim 2.0.33 requires the second one
 * (the option string) although ipmi_lan(5) shows it optional. Give an
 * absolute path: dlopen() looks a bare name up in the library search path
 * and resolves a relative one against ipmi_sim's working directory. The
 * option "on" starts the BMC busy; "" or "off" starts it normal.
 *
 * Console commands (ipmi_sim's stdin or the lan.conf "console" port):
 *
 *     busy on    every request of NetFn Chassis, Sensor/Event, App and
 *                Storage is answered with completion code 0xC0 and no data,
 *                except the session commands a LAN session needs (App 38h,
 *                39h, 3Ah, 3Bh, 3Ch and 54h)
 *     busy off   normal answers again
 *     busy       prints the state
 *
 * How it hooks in: ipmi_emu_register_cmd_handler() cannot do this. It stores
 * the handler in the same per-NetFn table that holds the built-in handlers,
 * so it replaces the built-in; registering NULL makes the command answer
 * 0xC1 (invalid command) rather than restoring it, and no API returns the
 * built-in handler to call on. Instead the plug-in sets
 * channel_t.oem_intf_recv_handler (lanserv.h) on the BMC's channels:
 * channel_smi_send() offers every request a channel passes to the emulator
 * to that hook first, and when the hook returns non-zero, sends the response
 * the hook wrote instead. Returning 0 leaves the request to the emulator.
 *
 * The LAN code answers the session commands itself, before channel_smi_send()
 * (as it does Get System GUID and Get Session Info inside a session, which
 * therefore stay answered while busy); the exemption keeps the rule true on
 * every channel all the same.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/mcserv.h>

#define BUSY_PLUGIN_VERSION "1.0"

typedef int (*recv_hook_f)(channel_t *chan, msg_t *msg, unsigned char *rdata,
                           unsigned int *rdata_len);

static sys_data_t *busy_sys;        /* ipmi_sim's system, from module init */
static int busy;                    /* answer 0xC0 now? */
static unsigned long busy_answers;  /* 0xC0 answers since busy turned on */

/* Each hooked channel and the hook it had before ours (usually NULL). */
static channel_t *hooked_chan[IPMI_MAX_CHANNELS];
static recv_hook_f previous_hook[IPMI_MAX_CHANNELS];

/* The NetFns a busy BMC refuses. */
static int
busy_netfn(unsigned char netfn)
{
    return netfn == IPMI_CHASSIS_NETFN || netfn == IPMI_SENSOR_EVENT_NETFN
        || netfn == IPMI_APP_NETFN || netfn == IPMI_STORAGE_NETFN;
}

/* Session commands that keep working, so the LAN session still opens. */
static int
session_cmd(unsigned char netfn, unsigned char cmd)
{
    if (netfn != IPMI_APP_NETFN)
        return 0;
    switch (cmd) {
    case IPMI_GET_CHANNEL_AUTH_CAPABILITIES_CMD:
    case IPMI_GET_SESSION_CHALLENGE_CMD:
    case IPMI_ACTIVATE_SESSION_CMD:
    case IPMI_SET_SESSION_PRIVILEGE_CMD:
    case IPMI_CLOSE_SESSION_CMD:
    case IPMI_GET_CHANNEL_CIPHER_SUITES_CMD:
        return 1;
    default:
        return 0;
    }
}

/* The channel hook: answer 0xC0, or pass to the previous hook / emulator. */
static int
busy_hook(channel_t *chan, msg_t *msg, unsigned char *rdata,
          unsigned int *rdata_len)
{
    unsigned int i;

    if (busy && busy_netfn(msg->netfn) && !session_cmd(msg->netfn, msg->cmd)) {
        rdata[0] = IPMI_NODE_BUSY_CC;  /* completion code only, no data */
        *rdata_len = 1;
        busy_answers++;
        return 1;
    }
    for (i = 0; i < IPMI_MAX_CHANNELS; i++) {
        if (hooked_chan[i] == chan && previous_hook[i])
            return previous_hook[i](chan, msg, rdata, rdata_len);
    }
    return 0;
}

/*
 * Puts busy_hook on each channel of the BMC that does not carry it yet (the
 * channels exist once the emu file's mc_enable has run) and returns how many
 * channels carry it.
 */
static unsigned int
hook_channels(void)
{
    lmc_data_t *bmc;
    channel_t **chans;
    unsigned int i, count = 0;

    if (!busy_sys || !busy_sys->mc_get_channelset)
        return 0;
    bmc = busy_sys->ipmb_addrs[busy_sys->bmc_ipmb];
    if (!bmc)
        return 0;
    chans = busy_sys->mc_get_channelset(bmc);
    if (!chans)
        return 0;
    for (i = 0; i < IPMI_MAX_CHANNELS; i++) {
        channel_t *chan = chans[i];

        if (!chan)
            continue;
        if (chan->oem_intf_recv_handler != busy_hook) {
            hooked_chan[i] = chan;
            previous_hook[i] = chan->oem_intf_recv_handler;
            chan->oem_intf_recv_handler = busy_hook;
        }
        count++;
    }
    return count;
}

static void
print_state(emu_out_t *out)
{
    if (busy)
        out->eprintf(out, "busy on: Chassis, Sensor/Event, App and Storage "
                     "requests answer 0xC0 (node busy); %lu so far\n",
                     busy_answers);
    else
        out->eprintf(out, "busy off: normal answers (%lu answered 0xC0 "
                     "while busy)\n", busy_answers);
}

/* The console command: "busy", "busy on" or "busy off". */
static int
busy_cmd(emu_out_t *out, emu_data_t *emu, lmc_data_t *mc, char **toks)
{
    const char *arg = mystrtok(NULL, " \t\n", toks);
    const char *extra = arg ? mystrtok(NULL, " \t\n", toks) : NULL;

    (void) emu;
    (void) mc;
    if (extra || (arg && strcmp(arg, "on") != 0 && strcmp(arg, "off") != 0)) {
        out->eprintf(out, "**Usage: busy [on|off]\n");
        return EINVAL;
    }
    if (arg && strcmp(arg, "on") == 0) {
        if (hook_channels() == 0) {
            out->eprintf(out, "**busy: the BMC has no channel to hook; "
                         "still off\n");
            return ENODEV;
        }
        if (!busy)
            busy_answers = 0;
        busy = 1;
    } else if (arg) {
        busy = 0;
    }
    print_state(out);
    return 0;
}

int
ipmi_sim_module_print_version(sys_data_t *sys, char *options)
{
    (void) sys;
    (void) options;
    printf("bmcwsman busy plug-in (completion code 0xC0) version %s\n",
           BUSY_PLUGIN_VERSION);
    return 0;
}

/* Called after lan.conf is read, before the emu file runs. */
int
ipmi_sim_module_init(sys_data_t *sys, const char *options)
{
    busy_sys = sys;
    if (options && strcmp(options, "on") == 0) {
        busy = 1;
    } else if (options && options[0] != '\0' && strcmp(options, "off") != 0) {
        fprintf(stderr, "busy plug-in: unknown option \"%s\" (want \"on\", "
                "\"off\" or \"\")\n", options);
        return EINVAL;
    }
    return ipmi_emu_add_cmd("busy", NOMC, busy_cmd);
}

/* Called once ipmi_sim is set up: the BMC's channels exist now. */
int
ipmi_sim_module_post_init(sys_data_t *sys)
{
    if (hook_channels() == 0)
        sys->log(sys, SETUP_ERROR, NULL,
                 "busy plug-in: no BMC channel found; \"busy on\" will retry");
    return 0;
}
