// Sensor type and event offset name tables (IPMI 2.0 Tables 42-1, 42-2, 42-3), worded as
// FreeIPMI 1.6.10's libfreeipmi/spec tables so our text matches ipmi-sensors and ipmi-sel.
#include "ipmi/sdr/event_tables.hpp"

#include <array>
#include <span>

namespace ipmi::sdr {
namespace {

using namespace std::string_view_literals;

// Table 42-3 sensor type codes 00h-2Ch; C0h-FFh are OEM.
constexpr std::array sensor_types{
    "Reserved"sv,                            // 00h
    "Temperature"sv,                         // 01h
    "Voltage"sv,                             // 02h
    "Current"sv,                             // 03h
    "Fan"sv,                                 // 04h
    "Physical Security"sv,                   // 05h
    "Platform Security Violation Attempt"sv, // 06h
    "Processor"sv,                           // 07h
    "Power Supply"sv,                        // 08h
    "Power Unit"sv,                          // 09h
    "Cooling Device"sv,                      // 0Ah
    "Other Units Based Sensor"sv,            // 0Bh
    "Memory"sv,                              // 0Ch
    "Drive Slot"sv,                          // 0Dh
    "POST Memory Resize"sv,                  // 0Eh
    "System Firmware Progress"sv,            // 0Fh
    "Event Logging Disabled"sv,              // 10h
    "Watchdog 1"sv,                          // 11h
    "System Event"sv,                        // 12h
    "Critical Interrupt"sv,                  // 13h
    "Button/Switch"sv,                       // 14h
    "Module/Board"sv,                        // 15h
    "Microcontroller/Coprocessor"sv,         // 16h
    "Add In Card"sv,                         // 17h
    "Chassis"sv,                             // 18h
    "Chip Set"sv,                            // 19h
    "Other Fru"sv,                           // 1Ah
    "Cable/Interconnect"sv,                  // 1Bh
    "Terminator"sv,                          // 1Ch
    "System Boot Initiated"sv,               // 1Dh
    "Boot Error"sv,                          // 1Eh
    "OS Boot"sv,                             // 1Fh
    "OS Critical Stop"sv,                    // 20h
    "Slot/Connector"sv,                      // 21h
    "System ACPI Power State"sv,             // 22h
    "Watchdog 2"sv,                          // 23h
    "Platform Alert"sv,                      // 24h
    "Entity Presence"sv,                     // 25h
    "Monitor ASIC/IC"sv,                     // 26h
    "LAN"sv,                                 // 27h
    "Management Subsystem Health"sv,         // 28h
    "Battery"sv,                             // 29h
    "Session Audit"sv,                       // 2Ah
    "Version Change"sv,                      // 2Bh
    "FRU State"sv,                           // 2Ch
};

// Table 42-2, event/reading type 01h.
constexpr std::array<std::string_view, 12> generic_threshold{
    "Lower Non-critical - going low"sv,     // 00h
    "Lower Non-critical - going high"sv,    // 01h
    "Lower Critical - going low"sv,         // 02h
    "Lower Critical - going high"sv,        // 03h
    "Lower Non-recoverable - going low"sv,  // 04h
    "Lower Non-recoverable - going high"sv, // 05h
    "Upper Non-critical - going low"sv,     // 06h
    "Upper Non-critical - going high"sv,    // 07h
    "Upper Critical - going low"sv,         // 08h
    "Upper Critical - going high"sv,        // 09h
    "Upper Non-recoverable - going low"sv,  // 0Ah
    "Upper Non-recoverable - going high"sv, // 0Bh
};

// Table 42-2, event/reading type 02h.
constexpr std::array<std::string_view, 3> generic_transition_state{
    "Transition to Idle"sv,   // 00h
    "Transition to Active"sv, // 01h
    "Transition to Busy"sv,   // 02h
};

// Table 42-2, event/reading type 03h.
constexpr std::array<std::string_view, 2> generic_digital_state{
    "State Deasserted"sv, // 00h
    "State Asserted"sv,   // 01h
};

// Table 42-2, event/reading type 04h.
constexpr std::array<std::string_view, 2> generic_predictive_failure{
    "Predictive Failure deasserted"sv, // 00h
    "Predictive Failure asserted"sv,   // 01h
};

// Table 42-2, event/reading type 05h.
constexpr std::array<std::string_view, 2> generic_limit{
    "Limit Not Exceeded"sv, // 00h
    "Limit Exceeded"sv,     // 01h
};

// Table 42-2, event/reading type 06h.
constexpr std::array<std::string_view, 2> generic_performance{
    "Performance Met"sv,  // 00h
    "Performance Lags"sv, // 01h
};

// Table 42-2, event/reading type 07h.
constexpr std::array<std::string_view, 9> generic_transition_severity{
    "transition to OK"sv,                               // 00h
    "transition to Non-Critical from OK"sv,             // 01h
    "transition to Critical from less severe"sv,        // 02h
    "transition to Non-recoverable from less severe"sv, // 03h
    "transition to Non-Critical from more severe"sv,    // 04h
    "transition to Critical from Non-recoverable"sv,    // 05h
    "transition to Non-recoverable"sv,                  // 06h
    "Monitor"sv,                                        // 07h
    "Informational"sv,                                  // 08h
};

// Table 42-2, event/reading type 08h.
constexpr std::array<std::string_view, 2> generic_device_present{
    "Device Removed/Device Absent"sv,   // 00h
    "Device Inserted/Device Present"sv, // 01h
};

// Table 42-2, event/reading type 09h.
constexpr std::array<std::string_view, 2> generic_device_enabled{
    "Device Disabled"sv, // 00h
    "Device Enabled"sv,  // 01h
};

// Table 42-2, event/reading type 0Ah.
constexpr std::array<std::string_view, 9> generic_transition_availability{
    "transition to Running"sv,    // 00h
    "transition to In Test"sv,    // 01h
    "transition to Power Off"sv,  // 02h
    "transition to On Line"sv,    // 03h
    "transition to Off Line"sv,   // 04h
    "transition to Off Duty"sv,   // 05h
    "transition to Degraded"sv,   // 06h
    "transition to Power Save"sv, // 07h
    "Install Error"sv,            // 08h
};

// Table 42-2, event/reading type 0Bh.
constexpr std::array<std::string_view, 8> generic_redundancy{
    "Fully Redundant (formerly \"Redundancy Regained\")"sv,             // 00h
    "Redundancy Lost"sv,                                                // 01h
    "Redundancy Degraded"sv,                                            // 02h
    "Non-redundant:Sufficient Resources from Redundant"sv,              // 03h
    "Non-redundant:Sufficient Resources from Insufficient Resources"sv, // 04h
    "Non-redundant:Insufficient Resources"sv,                           // 05h
    "Redundancy Degraded from Fully Redundant"sv,                       // 06h
    "Redundancy Degraded from Non-redundant"sv,                         // 07h
};

// Table 42-2, event/reading type 0Ch.
constexpr std::array<std::string_view, 4> generic_acpi_device_power_state{
    "D0 Power State"sv, // 00h
    "D1 Power State"sv, // 01h
    "D2 Power State"sv, // 02h
    "D3 Power State"sv, // 03h
};

// Table 42-3, sensor type 05h "Physical Security".
constexpr std::array<std::string_view, 7> specific_physical_security{
    "General Chassis Intrusion"sv,                                         // 00h
    "Drive Bay intrusion"sv,                                               // 01h
    "I/O Card area intrusion"sv,                                           // 02h
    "Processor area intrusion"sv,                                          // 03h
    "LAN Leash Lost (system is unplugged from LAN)"sv,                     // 04h
    "Unauthorized dock"sv,                                                 // 05h
    "FAN area intrusion (supports detection of hot plug fan tampering)"sv, // 06h
};

// Table 42-3, sensor type 06h "Platform Security Violation Attempt".
constexpr std::array<std::string_view, 6> specific_platform_security_violation_attempt{
    "Secure Mode (Front Panel Lockout) Violation attempt"sv,  // 00h
    "Pre-boot Password Violation - user password"sv,          // 01h
    "Pre-boot Password Violation attempt - setup password"sv, // 02h
    "Pre-boot Password Violation - network boot password"sv,  // 03h
    "Other pre-boot Password Violation"sv,                    // 04h
    "Out-of-band Access Password Violation"sv,                // 05h
};

// Table 42-3, sensor type 07h "Processor".
constexpr std::array<std::string_view, 13> specific_processor{
    "IERR"sv,              // 00h
    "Thermal Trip"sv,      // 01h
    "FRB1/BIST failure"sv, // 02h
    "FRB2/Hang in POST failure (used hang is believed to be due or related to a processor failure. Use System Firmware Progress sensor for other BIOS hangs.)"sv, // 03h
    "FRB3/Processor Startup/Initialization failure (CPU didn't start)"sv, // 04h
    "Configuration Error"sv,                                              // 05h
    "SM BIOS `Uncorrectable CPU-complex Error'"sv,                        // 06h
    "Processor Presence detected"sv,                                      // 07h
    "Processor disabled"sv,                                               // 08h
    "Terminator Presence Detected"sv,                                     // 09h
    "Processor Automatically Throttled (processor throttling triggered by a hardware-based mechanism operating independent from system software, such as automatic thermal throttling or throttling to limit power consumption.)"sv, // 0Ah
    "Machine Check Exception (Uncorrectable)"sv, // 0Bh
    "Correctable Machine Check Error"sv,         // 0Ch
};

// Table 42-3, sensor type 08h "Power Supply".
constexpr std::array<std::string_view, 8> specific_power_supply{
    "Presence detected"sv,                            // 00h
    "Power Supply Failure detected"sv,                // 01h
    "Predictive Failure"sv,                           // 02h
    "Power Supply input lost (AC/DC)"sv,              // 03h
    "Power Supply input lost or out-of-range"sv,      // 04h
    "Power Supply input out-of-range, but present"sv, // 05h
    "Configuration error"sv,                          // 06h
    "Power Supply Inactive (in standby state)"sv,     // 07h
};

// Table 42-3, sensor type 09h "Power Unit".
constexpr std::array<std::string_view, 8> specific_power_unit{
    "Power Off/Power Down"sv,                                                    // 00h
    "Power Cycle"sv,                                                             // 01h
    "240VA Power Down"sv,                                                        // 02h
    "Interlock Power Down"sv,                                                    // 03h
    "AC lost/Power input lost (The power source for the power unit was lost)"sv, // 04h
    "Soft Power Control Failure (unit did not respond to request to turn on)"sv, // 05h
    "Power Unit Failure detected"sv,                                             // 06h
    "Predictive Failure"sv,                                                      // 07h
};

// Table 42-3, sensor type 0Ch "Memory".
constexpr std::array<std::string_view, 11> specific_memory{
    "Correctable ECC/other correctable memory error"sv,                       // 00h
    "Uncorrectable ECC/other uncorrectable memory error"sv,                   // 01h
    "Parity"sv,                                                               // 02h
    "Memory Scrub Failed (stuck bit)"sv,                                      // 03h
    "Memory Device Disabled"sv,                                               // 04h
    "Correctable ECC/other correctable memory error logging limit reached"sv, // 05h
    "Presence detected"sv,                                                    // 06h
    "Configuration error"sv,                                                  // 07h
    "Spare"sv,                                                                // 08h
    "Memory Automatically Throttled"sv,                                       // 09h
    "Critical Overtemperature.  Memory device has entered a critical overtemperature state, exceeding specified operating conditions.  Memory devices in this state may produce errors or become inaccessible"sv, // 0Ah
};

// Table 42-3, sensor type 0Dh "Drive Slot".
constexpr std::array<std::string_view, 9> specific_drive_slot{
    "Drive Presence"sv,                                     // 00h
    "Drive Fault"sv,                                        // 01h
    "Predictive Failure"sv,                                 // 02h
    "Hot Spare"sv,                                          // 03h
    "Consistency Check / Parity Check in progress"sv,       // 04h
    "In Critical Array"sv,                                  // 05h
    "In Failed Array"sv,                                    // 06h
    "Rebuild/Remap in progress"sv,                          // 07h
    "Rebuild/Remap Aborted (was not completed normally)"sv, // 08h
};

// Table 42-3, sensor type 0Fh "System Firmware Progress".
constexpr std::array<std::string_view, 3> specific_system_firmware_progress{
    "System Firmware Error (POST Error)"sv, // 00h
    "System Firmware Hang"sv,               // 01h
    "System Firmware Progress"sv,           // 02h
};

// Table 42-3, sensor type 10h "Event Logging Disabled".
constexpr std::array<std::string_view, 7> specific_event_logging_disabled{
    "Correctable Memory Error Logging Disabled"sv,        // 00h
    "Event `Type' Logging Disabled"sv,                    // 01h
    "Log Area Reset/Cleared"sv,                           // 02h
    "All Event Logging Disabled"sv,                       // 03h
    "SEL Full"sv,                                         // 04h
    "SEL Almost Full"sv,                                  // 05h
    "Correctable Machine Check Error Logging Disabled"sv, // 06h
};

// Table 42-3, sensor type 11h "Watchdog 1".
constexpr std::array<std::string_view, 8> specific_watchdog_1{
    "BIOS Watchdog Reset"sv,                        // 00h
    "OS Watchdog Reset"sv,                          // 01h
    "OS Watchdog Shut Down"sv,                      // 02h
    "OS Watchdog Power Down"sv,                     // 03h
    "OS Watchdog Power Cycle"sv,                    // 04h
    "OS Watchdog NMI/Diagnostic Interrupt"sv,       // 05h
    "OS Watchdog Expired, status only"sv,           // 06h
    "OS Watchdog pre-timeout Interrupt, non-NMI"sv, // 07h
};

// Table 42-3, sensor type 12h "System Event".
constexpr std::array<std::string_view, 6> specific_system_event{
    "System Reconfigured"sv,                  // 00h
    "OEM System Boot Event"sv,                // 01h
    "Undetermined system hardware failure"sv, // 02h
    "Entry added to Auxiliary Log"sv,         // 03h
    "PEF Action"sv,                           // 04h
    "Timestamp Clock Synch"sv,                // 05h
};

// Table 42-3, sensor type 13h "Critical Interrupt".
constexpr std::array<std::string_view, 12> specific_critical_interrupt{
    "Front Panel NMI/Diagnostic Interrupt"sv,                         // 00h
    "Bus Timeout"sv,                                                  // 01h
    "I/O channel check NMI"sv,                                        // 02h
    "Software NMI"sv,                                                 // 03h
    "PCI PERR"sv,                                                     // 04h
    "PCI SERR"sv,                                                     // 05h
    "EISA Fail Safe Timeout"sv,                                       // 06h
    "Bus Correctable Error"sv,                                        // 07h
    "Bus Uncorrectable Error"sv,                                      // 08h
    "Fatal NMI (port 61h, bit 7)"sv,                                  // 09h
    "Bus Fatal Error"sv,                                              // 0Ah
    "Bus Degraded (bus operating in a degraded performance state)"sv, // 0Bh
};

// Table 42-3, sensor type 14h "Button/Switch".
constexpr std::array<std::string_view, 5> specific_button_switch{
    "Power Button pressed"sv, // 00h
    "Sleep Button pressed"sv, // 01h
    "Reset Button pressed"sv, // 02h
    "FRU latch open (Switch indicating FRU latch is in `unlatched' position and FRU is mechanically removable)"sv, // 03h
    "FRU service request button (pressed, service, e.g. removal/replacement, requested)"sv, // 04h
};

// Table 42-3, sensor type 19h "Chip Set".
constexpr std::array<std::string_view, 2> specific_chip_set{
    "Soft Power Control Failure (chipset did not respond to BMC request to change system power state)"sv, // 00h
    "Thermal Trip"sv, // 01h
};

// Table 42-3, sensor type 1Bh "Cable/Interconnect".
constexpr std::array<std::string_view, 2> specific_cable_interconnect{
    "Cable/Interconnect is connected"sv,                                             // 00h
    "Configuration Error - Incorrect cable connected / Incorrect interconnection"sv, // 01h
};

// Table 42-3, sensor type 1Dh "System Boot Initiated".
constexpr std::array<std::string_view, 8> specific_system_boot_initiated{
    "Initiated by power up"sv,                       // 00h
    "Initiated by hard reset"sv,                     // 01h
    "Initiated by warm reset"sv,                     // 02h
    "User requested PXE boot"sv,                     // 03h
    "Automatic boot to diagnostic"sv,                // 04h
    "OS / run-time software initiated hard reset"sv, // 05h
    "OS / run-time software initiated warm reset"sv, // 06h
    "System Restart"sv,                              // 07h
};

// Table 42-3, sensor type 1Eh "Boot Error".
constexpr std::array<std::string_view, 5> specific_boot_error{
    "No bootable media"sv,                                 // 00h
    "Non-bootable diskette left in drive"sv,               // 01h
    "PXE Server not found"sv,                              // 02h
    "Invalid boot sector"sv,                               // 03h
    "Timeout waiting for user selection of boot source"sv, // 04h
};

// Table 42-3, sensor type 1Fh "OS Boot".
constexpr std::array<std::string_view, 11> specific_os_boot{
    "A: boot completed"sv,                          // 00h
    "C: boot completed"sv,                          // 01h
    "PXE boot completed"sv,                         // 02h
    "Diagnostic boot completed"sv,                  // 03h
    "CD-ROM boot completed"sv,                      // 04h
    "ROM boot completed"sv,                         // 05h
    "boot completed - boot device not specified"sv, // 06h
    "Base OS/Hypervisor Installation started"sv,    // 07h
    "Base OS/Hypervisor Installation completed"sv,  // 08h
    "Base OS/Hypervisor Installation aborted"sv,    // 09h
    "Base OS/Hypervisor Installation failed"sv,     // 0Ah
};

// Table 42-3, sensor type 20h "OS Critical Stop".
constexpr std::array<std::string_view, 6> specific_os_critical_stop{
    "Critical stop during OS load / initialization.  Unexpected error during system startup.  Stopped waiting for input or power cycle/reset."sv, // 00h
    "Run-time Critical Stop (a.k.a. 'core dump', 'blue screen')"sv, // 01h
    "OS Graceful Stop (system powered up, but normal OS operation has shut down and system is awaiting reset pushbutton, powercycle or other external input)"sv, // 02h
    "OS Graceful Shutdown (system graceful power down by OS)"sv, // 03h
    "Soft Shutdown initiated by PEF"sv,                          // 04h
    "Agent Not Responding.  Graceful shutdown request to agent via BMC did not occur due to missing or malfunctioning local agent."sv, // 05h
};

// Table 42-3, sensor type 21h "Slot/Connector".
constexpr std::array<std::string_view, 10> specific_slot_connector{
    "Fault Status asserted"sv,                        // 00h
    "Identify Status asserted"sv,                     // 01h
    "Slot/Connector Device installed/attached"sv,     // 02h
    "Slot/Connector Ready for Device Installation"sv, // 03h
    "Slot/Connector Ready for Device Removal"sv,      // 04h
    "Slot Power is Off"sv,                            // 05h
    "Slot/Connector Device Removal Request"sv,        // 06h
    "Interlock asserted"sv,                           // 07h
    "Slot is Disabled"sv,                             // 08h
    "Slot holds spare device"sv,                      // 09h
};

// Table 42-3, sensor type 22h "System ACPI Power State".
constexpr std::array<std::string_view, 15> specific_system_acpi_power_state{
    "S0/G0 \"working\""sv,                                               // 00h
    "S1 \"sleeping with system h/w & processor context maintained\""sv,  // 01h
    "S2 \"sleeping, processor context lost\""sv,                         // 02h
    "S3 \"sleeping, processor & h/w context lost, memory retained.\""sv, // 03h
    "S4 \"non-volatile sleep/suspend-to disk\""sv,                       // 04h
    "S5/G2 \"soft-off\""sv,                                              // 05h
    "S4/S5 soft-off, particular S4/S5 state cannot be determined"sv,     // 06h
    "G3/Mechanical Off"sv,                                               // 07h
    "Sleeping in an S1, S2, or S3 states (used when particular S1, S2, S3 state cannot be determined)"sv, // 08h
    "G1 sleeping (S1-S4 state cannot be determined)"sv, // 09h
    "S5 entered by override"sv,                         // 0Ah
    "Legacy ON state"sv,                                // 0Bh
    "Legacy OFF state"sv,                               // 0Ch
    "Unspecified"sv,                                    // 0Dh
    "Unknown"sv,                                        // 0Eh
};

// Table 42-3, sensor type 23h "Watchdog 2".
constexpr std::array<std::string_view, 9> specific_watchdog_2{
    "Timer expired, status only (no action, no interrupt)"sv, // 00h
    "Hard Reset"sv,                                           // 01h
    "Power Down"sv,                                           // 02h
    "Power Cycle"sv,                                          // 03h
    "reserved"sv,                                             // 04h
    "reserved"sv,                                             // 05h
    "reserved"sv,                                             // 06h
    "reserved"sv,                                             // 07h
    "Timer interrupt"sv,                                      // 08h
};

// Table 42-3, sensor type 24h "Platform Alert".
constexpr std::array<std::string_view, 4> specific_platform_alert{
    "platform generated page"sv,                                             // 00h
    "platform generated LAN alert"sv,                                        // 01h
    "Platform Event Trap generated, formatted per IPMI PET specification"sv, // 02h
    "platform generated SNMP trap, OEM format"sv,                            // 03h
};

// Table 42-3, sensor type 25h "Entity Presence".
constexpr std::array<std::string_view, 3> specific_entity_presence{
    "Entity Present"sv,  // 00h
    "Entity Absent"sv,   // 01h
    "Entity Disabled"sv, // 02h
};

// Table 42-3, sensor type 27h "LAN".
constexpr std::array<std::string_view, 2> specific_lan{
    "LAN Heartbeat Lost"sv, // 00h
    "LAN Heartbeat"sv,      // 01h
};

// Table 42-3, sensor type 28h "Management Subsystem Health".
constexpr std::array<std::string_view, 6> specific_management_subsystem_health{
    "sensor access degraded or unavailable"sv,     // 00h
    "controller access degraded or unavailable"sv, // 01h
    "management controller off-line"sv,            // 02h
    "management controller unavailable"sv,         // 03h
    "sensor failure"sv,                            // 04h
    "FRU failure"sv,                               // 05h
};

// Table 42-3, sensor type 29h "Battery".
constexpr std::array<std::string_view, 3> specific_battery{
    "battery low (predictive failure)"sv, // 00h
    "battery failed"sv,                   // 01h
    "battery presence detected"sv,        // 02h
};

// Table 42-3, sensor type 2Ah "Session Audit".
constexpr std::array<std::string_view, 4> specific_session_audit{
    "Session Activated"sv,            // 00h
    "Session Deactivated"sv,          // 01h
    "Invalid Username or Password"sv, // 02h
    "Invalid Password Disable"sv,     // 03h
};

// Table 42-3, sensor type 2Bh "Version Change".
constexpr std::array<std::string_view, 8> specific_version_change{
    "Hardware change detected with associated Entity"sv,                        // 00h
    "Firmware or software change detected with associated Entity"sv,            // 01h
    "Hardware incompatibility detected with associated Entity"sv,               // 02h
    "Firmware or software incompatibility detected with associated Entity"sv,   // 03h
    "Entity is of an invalid or unsupported hardware version"sv,                // 04h
    "Entity contains an invalid or unsupported firmware or software version"sv, // 05h
    "Hardware Change detected with associated Entity was successful"sv,         // 06h
    "Software or F/W Change detected with associated Entity was successful"sv,  // 07h
};

// Table 42-3, sensor type 2Ch "FRU State".
constexpr std::array<std::string_view, 8> specific_fru_state{
    "FRU Not Installed"sv,                              // 00h
    "FRU Inactive (in standby or `hot spare' state)"sv, // 01h
    "FRU Activation Requested"sv,                       // 02h
    "FRU Activation In Progress"sv,                     // 03h
    "FRU Active"sv,                                     // 04h
    "FRU Deactivation Requested"sv,                     // 05h
    "FRU Deactivation In Progress"sv,                   // 06h
    "FRU Communication Lost"sv,                         // 07h
};

std::string_view at(std::span<const std::string_view> table, std::uint8_t offset) {
    return offset < table.size() ? table[offset] : std::string_view{};
}

} // namespace

std::string_view sensor_type_name(std::uint8_t sensor_type) noexcept {
    if (sensor_type < sensor_types.size()) {
        return sensor_types[sensor_type];
    }
    return sensor_type >= 0xc0 ? "OEM Reserved"sv : std::string_view{};
}

std::string_view generic_offset_name(std::uint8_t event_reading_type,
                                     std::uint8_t offset) noexcept {
    switch (event_reading_type) {
    case 0x01:
        return at(generic_threshold, offset);
    case 0x02:
        return at(generic_transition_state, offset);
    case 0x03:
        return at(generic_digital_state, offset);
    case 0x04:
        return at(generic_predictive_failure, offset);
    case 0x05:
        return at(generic_limit, offset);
    case 0x06:
        return at(generic_performance, offset);
    case 0x07:
        return at(generic_transition_severity, offset);
    case 0x08:
        return at(generic_device_present, offset);
    case 0x09:
        return at(generic_device_enabled, offset);
    case 0x0a:
        return at(generic_transition_availability, offset);
    case 0x0b:
        return at(generic_redundancy, offset);
    case 0x0c:
        return at(generic_acpi_device_power_state, offset);
    default:
        return {};
    }
}

std::string_view sensor_specific_offset_name(std::uint8_t sensor_type,
                                             std::uint8_t offset) noexcept {
    switch (sensor_type) {
    case 0x05:
        return at(specific_physical_security, offset);
    case 0x06:
        return at(specific_platform_security_violation_attempt, offset);
    case 0x07:
        return at(specific_processor, offset);
    case 0x08:
        return at(specific_power_supply, offset);
    case 0x09:
        return at(specific_power_unit, offset);
    case 0x0c:
        return at(specific_memory, offset);
    case 0x0d:
        return at(specific_drive_slot, offset);
    case 0x0f:
        return at(specific_system_firmware_progress, offset);
    case 0x10:
        return at(specific_event_logging_disabled, offset);
    case 0x11:
        return at(specific_watchdog_1, offset);
    case 0x12:
        return at(specific_system_event, offset);
    case 0x13:
        return at(specific_critical_interrupt, offset);
    case 0x14:
        return at(specific_button_switch, offset);
    case 0x19:
        return at(specific_chip_set, offset);
    case 0x1b:
        return at(specific_cable_interconnect, offset);
    case 0x1d:
        return at(specific_system_boot_initiated, offset);
    case 0x1e:
        return at(specific_boot_error, offset);
    case 0x1f:
        return at(specific_os_boot, offset);
    case 0x20:
        return at(specific_os_critical_stop, offset);
    case 0x21:
        return at(specific_slot_connector, offset);
    case 0x22:
        return at(specific_system_acpi_power_state, offset);
    case 0x23:
        return at(specific_watchdog_2, offset);
    case 0x24:
        return at(specific_platform_alert, offset);
    case 0x25:
        return at(specific_entity_presence, offset);
    case 0x27:
        return at(specific_lan, offset);
    case 0x28:
        return at(specific_management_subsystem_health, offset);
    case 0x29:
        return at(specific_battery, offset);
    case 0x2a:
        return at(specific_session_audit, offset);
    case 0x2b:
        return at(specific_version_change, offset);
    case 0x2c:
        return at(specific_fru_state, offset);
    default:
        return {};
    }
}

} // namespace ipmi::sdr
