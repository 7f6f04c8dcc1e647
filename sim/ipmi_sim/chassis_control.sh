#!/bin/sh
# ipmi_sim's chassis_control program (OpenIPMI lanserv extcmd protocol):
#   chassis_control.sh STATE_DIR get NAME...      prints "NAME:VALUE" lines
#   chassis_control.sh STATE_DIR set NAME "VALUE"... stores the values
# Every set is appended to STATE_DIR/chassis.log so tests can see what the BMC
# was asked to do (power on/off, reset, shutdown, identify, boot).
dir=$1
op=$2
shift 2
case "$op" in
get)
    for name in "$@"; do
        value=0
        [ -f "$dir/$name" ] && value=$(cat "$dir/$name")
        echo "$name:$value"
    done
    ;;
set)
    while [ $# -ge 2 ]; do
        echo "$2" > "$dir/$1"
        echo "$1 $2" >> "$dir/chassis.log"
        shift 2
    done
    ;;
check)
    ;;
*)
    exit 1
    ;;
esac
exit 0
