// libbpf (Debian's libbpf-dev) and the record layouts shared with the BPF program.
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "bulkhead_events.h"
