/* open_rate PATH [RATE] [SECONDS]: open(PATH, O_RDONLY) + close at a fixed target rate (default
 * 100,000/s) for SECONDS (default 10). Used by bench/sensor-overhead for the sustained-rate test.
 *
 * Pacing: the loop keeps the number of opens done on the line rate * elapsed. When ahead by more
 * than 200 us of work it sleeps until the schedule catches up; otherwise it opens. So the rate
 * holds over any interval longer than ~1 ms, and when the machine cannot keep up the loop runs
 * flat out and the achieved rate says so (it never bursts to make up for a stall longer than
 * 50 ms: the schedule is moved forward, and the stall is counted).
 *
 * Prints one line: open_rate ops=N seconds=S rate=R target=T stalls=K path=PATH */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s PATH [RATE] [SECONDS]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    double rate = argc >= 3 ? strtod(argv[2], NULL) : 100000.0;
    double duration = argc >= 4 ? strtod(argv[3], NULL) : 10.0;
    if (rate <= 0 || duration <= 0) {
        fprintf(stderr, "open_rate: RATE and SECONDS must be positive\n");
        return 2;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "open_rate: %s: %s\n", path, strerror(errno));
        return 1;
    }
    close(fd);

    const double slack = 200e-6;  /* sleep only when at least this far ahead */
    const double max_lag = 50e-3; /* forgive a stall longer than this instead of bursting */
    long done = 0, stalls = 0;
    double start = now(), end = start + duration;
    double origin = start; /* schedule: op k is due at origin + k / rate */
    for (;;) {
        double t = now();
        if (t >= end)
            break;
        double due = origin + (double)done / rate;
        if (due - t > slack) {
            double d = due - t;
            struct timespec ts = {(time_t)d, (long)((d - (double)(time_t)d) * 1e9)};
            nanosleep(&ts, NULL);
            continue;
        }
        if (t - due > max_lag) {
            origin = t - (double)done / rate; /* re-anchor: the lost time is not made up */
            stalls++;
        }
        /* a small batch between clock reads keeps the clock cost out of the way */
        for (int i = 0; i < 8; i++) {
            fd = open(path, O_RDONLY);
            if (fd < 0) {
                fprintf(stderr, "open_rate: open #%ld: %s\n", done, strerror(errno));
                return 1;
            }
            close(fd);
            done++;
        }
    }
    double secs = now() - start;
    printf("open_rate ops=%ld seconds=%.6f rate=%.0f target=%.0f stalls=%ld path=%s\n", done, secs,
           (double)done / secs, rate, stalls, path);
    return 0;
}
